import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Grouping(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GROUPING_UNSPECIFIED: _ClassVar[Grouping]
    GROUPING_DEPARTMENT: _ClassVar[Grouping]
    GROUPING_FIELD: _ClassVar[Grouping]

class DossierSelection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOSSIER_SELECTION_UNSPECIFIED: _ClassVar[DossierSelection]
    DOSSIER_SELECTION_OVERDUE: _ClassVar[DossierSelection]
    DOSSIER_SELECTION_NEARLY_DUE: _ClassVar[DossierSelection]
    DOSSIER_SELECTION_IN_PROGRESS: _ClassVar[DossierSelection]
    DOSSIER_SELECTION_RESOLVED_OVERDUE: _ClassVar[DossierSelection]

class ReportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_FORMAT_UNSPECIFIED: _ClassVar[ReportFormat]
    REPORT_FORMAT_JSON: _ClassVar[ReportFormat]
    REPORT_FORMAT_DOCX: _ClassVar[ReportFormat]
    REPORT_FORMAT_HTML: _ClassVar[ReportFormat]
    REPORT_FORMAT_XLSX: _ClassVar[ReportFormat]
    REPORT_FORMAT_CHECKS_DOCX: _ClassVar[ReportFormat]
    REPORT_FORMAT_CHECKS_HTML: _ClassVar[ReportFormat]
GROUPING_UNSPECIFIED: Grouping
GROUPING_DEPARTMENT: Grouping
GROUPING_FIELD: Grouping
DOSSIER_SELECTION_UNSPECIFIED: DossierSelection
DOSSIER_SELECTION_OVERDUE: DossierSelection
DOSSIER_SELECTION_NEARLY_DUE: DossierSelection
DOSSIER_SELECTION_IN_PROGRESS: DossierSelection
DOSSIER_SELECTION_RESOLVED_OVERDUE: DossierSelection
REPORT_FORMAT_UNSPECIFIED: ReportFormat
REPORT_FORMAT_JSON: ReportFormat
REPORT_FORMAT_DOCX: ReportFormat
REPORT_FORMAT_HTML: ReportFormat
REPORT_FORMAT_XLSX: ReportFormat
REPORT_FORMAT_CHECKS_DOCX: ReportFormat
REPORT_FORMAT_CHECKS_HTML: ReportFormat

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

class StatisticsRequest(_message.Message):
    __slots__ = ("period", "as_of", "by", "group_by")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    period: str
    as_of: _timestamp_pb2.Timestamp
    by: str
    group_by: Grouping
    def __init__(self, period: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., by: _Optional[str] = ..., group_by: _Optional[_Union[Grouping, str]] = ...) -> None: ...

class StatisticsRow(_message.Message):
    __slots__ = ("number", "department", "department_name", "field", "received_total", "online", "direct_or_postal", "carried_over", "resolved_total", "early", "on_time", "overdue", "in_progress_total", "within_deadline", "in_progress_overdue")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ONLINE_FIELD_NUMBER: _ClassVar[int]
    DIRECT_OR_POSTAL_FIELD_NUMBER: _ClassVar[int]
    CARRIED_OVER_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_TOTAL_FIELD_NUMBER: _ClassVar[int]
    EARLY_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    WITHIN_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    number: int
    department: str
    department_name: str
    field: str
    received_total: int
    online: int
    direct_or_postal: int
    carried_over: int
    resolved_total: int
    early: int
    on_time: int
    overdue: int
    in_progress_total: int
    within_deadline: int
    in_progress_overdue: int
    def __init__(self, number: _Optional[int] = ..., department: _Optional[str] = ..., department_name: _Optional[str] = ..., field: _Optional[str] = ..., received_total: _Optional[int] = ..., online: _Optional[int] = ..., direct_or_postal: _Optional[int] = ..., carried_over: _Optional[int] = ..., resolved_total: _Optional[int] = ..., early: _Optional[int] = ..., on_time: _Optional[int] = ..., overdue: _Optional[int] = ..., in_progress_total: _Optional[int] = ..., within_deadline: _Optional[int] = ..., in_progress_overdue: _Optional[int] = ...) -> None: ...

class IdentityCheck(_message.Message):
    __slots__ = ("identity", "row", "left", "right", "holds")
    IDENTITY_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    LEFT_FIELD_NUMBER: _ClassVar[int]
    RIGHT_FIELD_NUMBER: _ClassVar[int]
    HOLDS_FIELD_NUMBER: _ClassVar[int]
    identity: str
    row: str
    left: int
    right: int
    holds: bool
    def __init__(self, identity: _Optional[str] = ..., row: _Optional[str] = ..., left: _Optional[int] = ..., right: _Optional[int] = ..., holds: _Optional[bool] = ...) -> None: ...

class MonthlyStatistics(_message.Message):
    __slots__ = ("period", "by", "rows", "totals", "checks", "identities_hold", "complete", "group_by")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    IDENTITIES_HOLD_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    period: str
    by: str
    rows: _containers.RepeatedCompositeFieldContainer[StatisticsRow]
    totals: StatisticsRow
    checks: _containers.RepeatedCompositeFieldContainer[IdentityCheck]
    identities_hold: bool
    complete: bool
    group_by: Grouping
    def __init__(self, period: _Optional[str] = ..., by: _Optional[str] = ..., rows: _Optional[_Iterable[_Union[StatisticsRow, _Mapping]]] = ..., totals: _Optional[_Union[StatisticsRow, _Mapping]] = ..., checks: _Optional[_Iterable[_Union[IdentityCheck, _Mapping]]] = ..., identities_hold: _Optional[bool] = ..., complete: _Optional[bool] = ..., group_by: _Optional[_Union[Grouping, str]] = ...) -> None: ...

class ReportRequest(_message.Message):
    __slots__ = ("period", "as_of")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    period: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, period: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MonthlyReport(_message.Message):
    __slots__ = ("period", "model_json", "model")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    MODEL_JSON_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    period: str
    model_json: str
    model: _struct_pb2.Struct
    def __init__(self, period: _Optional[str] = ..., model_json: _Optional[str] = ..., model: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class RenderRequest(_message.Message):
    __slots__ = ("period", "format", "as_of", "report_format")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    REPORT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    period: str
    format: str
    as_of: _timestamp_pb2.Timestamp
    report_format: ReportFormat
    def __init__(self, period: _Optional[str] = ..., format: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_format: _Optional[_Union[ReportFormat, str]] = ...) -> None: ...

class RenderedReport(_message.Message):
    __slots__ = ("period", "format", "content_type", "filename", "content", "generated_at", "report_format")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    period: str
    format: str
    content_type: str
    filename: str
    content: bytes
    generated_at: _timestamp_pb2.Timestamp
    report_format: ReportFormat
    def __init__(self, period: _Optional[str] = ..., format: _Optional[str] = ..., content_type: _Optional[str] = ..., filename: _Optional[str] = ..., content: _Optional[bytes] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., report_format: _Optional[_Union[ReportFormat, str]] = ...) -> None: ...

class DossierSummary(_message.Message):
    __slots__ = ("dossier_id", "department", "department_name", "field", "procedure_code", "channel", "received_at", "due_at", "effective_due_at", "closed_at", "status", "open", "waiting_for_supplement", "hours_to_due", "received_at_local", "due_at_local", "effective_due_at_local", "closed_at_local")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_CODE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    WAITING_FOR_SUPPLEMENT_FIELD_NUMBER: _ClassVar[int]
    HOURS_TO_DUE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_DUE_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    department_name: str
    field: str
    procedure_code: str
    channel: str
    received_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    effective_due_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    status: str
    open: bool
    waiting_for_supplement: bool
    hours_to_due: float
    received_at_local: str
    due_at_local: str
    effective_due_at_local: str
    closed_at_local: str
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., department_name: _Optional[str] = ..., field: _Optional[str] = ..., procedure_code: _Optional[str] = ..., channel: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., effective_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., open: _Optional[bool] = ..., waiting_for_supplement: _Optional[bool] = ..., hours_to_due: _Optional[float] = ..., received_at_local: _Optional[str] = ..., due_at_local: _Optional[str] = ..., effective_due_at_local: _Optional[str] = ..., closed_at_local: _Optional[str] = ...) -> None: ...

class TimelineRequest(_message.Message):
    __slots__ = ("dossier_id", "as_of")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, dossier_id: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TimelineEvent(_message.Message):
    __slots__ = ("event_id", "type", "occurred_at", "recorded_at", "source", "department", "payload_json", "occurred_at_local", "recorded_at_local")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    type: str
    occurred_at: _timestamp_pb2.Timestamp
    recorded_at: _timestamp_pb2.Timestamp
    source: str
    department: str
    payload_json: str
    occurred_at_local: str
    recorded_at_local: str
    def __init__(self, event_id: _Optional[str] = ..., type: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., department: _Optional[str] = ..., payload_json: _Optional[str] = ..., occurred_at_local: _Optional[str] = ..., recorded_at_local: _Optional[str] = ...) -> None: ...

class DossierTimeline(_message.Message):
    __slots__ = ("dossier_id", "events", "summary")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    events: _containers.RepeatedCompositeFieldContainer[TimelineEvent]
    summary: DossierSummary
    def __init__(self, dossier_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[TimelineEvent, _Mapping]]] = ..., summary: _Optional[_Union[DossierSummary, _Mapping]] = ...) -> None: ...

class ListDossiersRequest(_message.Message):
    __slots__ = ("period", "status", "department", "field", "page_size", "page_token", "as_of", "nearly_due_hours", "selection")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    NEARLY_DUE_HOURS_FIELD_NUMBER: _ClassVar[int]
    SELECTION_FIELD_NUMBER: _ClassVar[int]
    period: str
    status: str
    department: str
    field: str
    page_size: int
    page_token: str
    as_of: _timestamp_pb2.Timestamp
    nearly_due_hours: int
    selection: DossierSelection
    def __init__(self, period: _Optional[str] = ..., status: _Optional[str] = ..., department: _Optional[str] = ..., field: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., nearly_due_hours: _Optional[int] = ..., selection: _Optional[_Union[DossierSelection, str]] = ...) -> None: ...

class ListDossiersResponse(_message.Message):
    __slots__ = ("dossiers", "next_page_token", "total_size", "at", "at_local", "period")
    DOSSIERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    AT_LOCAL_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    dossiers: _containers.RepeatedCompositeFieldContainer[DossierSummary]
    next_page_token: str
    total_size: int
    at: _timestamp_pb2.Timestamp
    at_local: str
    period: str
    def __init__(self, dossiers: _Optional[_Iterable[_Union[DossierSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., at_local: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class LiveRequest(_message.Message):
    __slots__ = ("period", "interval_seconds")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    period: str
    interval_seconds: int
    def __init__(self, period: _Optional[str] = ..., interval_seconds: _Optional[int] = ...) -> None: ...

class DepartmentLive(_message.Message):
    __slots__ = ("department", "name", "received_today", "new", "resolved", "resolved_overdue", "in_progress", "in_progress_overdue")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TODAY_FIELD_NUMBER: _ClassVar[int]
    NEW_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    department: str
    name: str
    received_today: int
    new: int
    resolved: int
    resolved_overdue: int
    in_progress: int
    in_progress_overdue: int
    def __init__(self, department: _Optional[str] = ..., name: _Optional[str] = ..., received_today: _Optional[int] = ..., new: _Optional[int] = ..., resolved: _Optional[int] = ..., resolved_overdue: _Optional[int] = ..., in_progress: _Optional[int] = ..., in_progress_overdue: _Optional[int] = ...) -> None: ...

class LiveMetrics(_message.Message):
    __slots__ = ("at", "period", "received_today", "received_today_by_channel", "total", "new", "new_online", "resolved", "resolved_overdue", "in_progress", "in_progress_overdue", "surveys", "online_payment_dossiers", "departments")
    class ReceivedTodayByChannelEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    AT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TODAY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TODAY_BY_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    NEW_FIELD_NUMBER: _ClassVar[int]
    NEW_ONLINE_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    IN_PROGRESS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    SURVEYS_FIELD_NUMBER: _ClassVar[int]
    ONLINE_PAYMENT_DOSSIERS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    at: _timestamp_pb2.Timestamp
    period: str
    received_today: int
    received_today_by_channel: _containers.ScalarMap[str, int]
    total: int
    new: int
    new_online: int
    resolved: int
    resolved_overdue: int
    in_progress: int
    in_progress_overdue: int
    surveys: int
    online_payment_dossiers: int
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentLive]
    def __init__(self, at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period: _Optional[str] = ..., received_today: _Optional[int] = ..., received_today_by_channel: _Optional[_Mapping[str, int]] = ..., total: _Optional[int] = ..., new: _Optional[int] = ..., new_online: _Optional[int] = ..., resolved: _Optional[int] = ..., resolved_overdue: _Optional[int] = ..., in_progress: _Optional[int] = ..., in_progress_overdue: _Optional[int] = ..., surveys: _Optional[int] = ..., online_payment_dossiers: _Optional[int] = ..., departments: _Optional[_Iterable[_Union[DepartmentLive, _Mapping]]] = ...) -> None: ...

class IndexScore(_message.Message):
    __slots__ = ("score", "max")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    score: float
    max: float
    def __init__(self, score: _Optional[float] = ..., max: _Optional[float] = ...) -> None: ...

class Index766Estimate(_message.Message):
    __slots__ = ("period", "published", "published_total", "published_rank", "published_of", "published_components", "published_components_sum", "estimated_total", "estimated_max", "estimated_components", "note", "flags")
    class PublishedComponentsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: IndexScore
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[IndexScore, _Mapping]] = ...) -> None: ...
    class EstimatedComponentsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: IndexScore
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[IndexScore, _Mapping]] = ...) -> None: ...
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_RANK_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_OF_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_COMPONENTS_SUM_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_MAX_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    period: str
    published: bool
    published_total: float
    published_rank: int
    published_of: int
    published_components: _containers.MessageMap[str, IndexScore]
    published_components_sum: float
    estimated_total: float
    estimated_max: float
    estimated_components: _containers.MessageMap[str, IndexScore]
    note: str
    flags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, period: _Optional[str] = ..., published: _Optional[bool] = ..., published_total: _Optional[float] = ..., published_rank: _Optional[int] = ..., published_of: _Optional[int] = ..., published_components: _Optional[_Mapping[str, IndexScore]] = ..., published_components_sum: _Optional[float] = ..., estimated_total: _Optional[float] = ..., estimated_max: _Optional[float] = ..., estimated_components: _Optional[_Mapping[str, IndexScore]] = ..., note: _Optional[str] = ..., flags: _Optional[_Iterable[str]] = ...) -> None: ...

class DataStatusRequest(_message.Message):
    __slots__ = ("as_of",)
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EventTypeCount(_message.Message):
    __slots__ = ("type", "events", "last_recorded_at")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    LAST_RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    type: str
    events: int
    last_recorded_at: _timestamp_pb2.Timestamp
    def __init__(self, type: _Optional[str] = ..., events: _Optional[int] = ..., last_recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DataStatus(_message.Message):
    __slots__ = ("events", "by_type")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    BY_TYPE_FIELD_NUMBER: _ClassVar[int]
    events: int
    by_type: _containers.RepeatedCompositeFieldContainer[EventTypeCount]
    def __init__(self, events: _Optional[int] = ..., by_type: _Optional[_Iterable[_Union[EventTypeCount, _Mapping]]] = ...) -> None: ...

class StoredReportRequest(_message.Message):
    __slots__ = ("period", "format", "report_format")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FORMAT_FIELD_NUMBER: _ClassVar[int]
    period: str
    format: str
    report_format: ReportFormat
    def __init__(self, period: _Optional[str] = ..., format: _Optional[str] = ..., report_format: _Optional[_Union[ReportFormat, str]] = ...) -> None: ...

class ListStoredReportsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class StoredReportInfo(_message.Message):
    __slots__ = ("period", "generated_at", "trigger")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    period: str
    generated_at: _timestamp_pb2.Timestamp
    trigger: str
    def __init__(self, period: _Optional[str] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., trigger: _Optional[str] = ...) -> None: ...

class StoredReports(_message.Message):
    __slots__ = ("reports",)
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[StoredReportInfo]
    def __init__(self, reports: _Optional[_Iterable[_Union[StoredReportInfo, _Mapping]]] = ...) -> None: ...

class DataIssuesRequest(_message.Message):
    __slots__ = ("period", "as_of")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    period: str
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, period: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DataIssue(_message.Message):
    __slots__ = ("dossier_id", "department", "kind", "field", "received_at", "at", "description")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    kind: str
    field: str
    received_at: _timestamp_pb2.Timestamp
    at: _timestamp_pb2.Timestamp
    description: str
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., kind: _Optional[str] = ..., field: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ...) -> None: ...

class DataIssues(_message.Message):
    __slots__ = ("period", "issues")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    period: str
    issues: _containers.RepeatedCompositeFieldContainer[DataIssue]
    def __init__(self, period: _Optional[str] = ..., issues: _Optional[_Iterable[_Union[DataIssue, _Mapping]]] = ...) -> None: ...
