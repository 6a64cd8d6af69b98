import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PeriodRequest(_message.Message):
    __slots__ = ("period", "as_of")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    period: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, period: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DepartmentIntake(_message.Message):
    __slots__ = ("department", "name", "received", "online", "direct", "postal")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    DIRECT_FIELD_NUMBER: _ClassVar[int]
    POSTAL_FIELD_NUMBER: _ClassVar[int]
    department: str
    name: str
    received: int
    online: int
    direct: int
    postal: int
    def __init__(self, department: _Optional[str] = ..., name: _Optional[str] = ..., received: _Optional[int] = ..., online: _Optional[int] = ..., direct: _Optional[int] = ..., postal: _Optional[int] = ...) -> None: ...

class IntakeSummary(_message.Message):
    __slots__ = ("period", "received", "online", "direct", "postal", "departments")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    DIRECT_FIELD_NUMBER: _ClassVar[int]
    POSTAL_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    period: str
    received: int
    online: int
    direct: int
    postal: int
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentIntake]
    def __init__(self, period: _Optional[str] = ..., received: _Optional[int] = ..., online: _Optional[int] = ..., direct: _Optional[int] = ..., postal: _Optional[int] = ..., departments: _Optional[_Iterable[_Union[DepartmentIntake, _Mapping]]] = ...) -> None: ...
