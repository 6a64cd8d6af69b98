import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_ONLINE: _ClassVar[Channel]
    CHANNEL_DIRECT: _ClassVar[Channel]
    CHANNEL_POSTAL: _ClassVar[Channel]

class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_UNSPECIFIED: _ClassVar[Outcome]
    OUTCOME_APPROVED: _ClassVar[Outcome]
    OUTCOME_REFUSED: _ClassVar[Outcome]

class PaymentMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_METHOD_UNSPECIFIED: _ClassVar[PaymentMethod]
    PAYMENT_METHOD_NATIONAL_PORTAL: _ClassVar[PaymentMethod]
    PAYMENT_METHOD_PROVINCIAL_PORTAL: _ClassVar[PaymentMethod]
    PAYMENT_METHOD_COUNTER: _ClassVar[PaymentMethod]

class Rating(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RATING_UNSPECIFIED: _ClassVar[Rating]
    RATING_VERY_SATISFIED: _ClassVar[Rating]
    RATING_SATISFIED: _ClassVar[Rating]
    RATING_UNSATISFIED: _ClassVar[Rating]
CHANNEL_UNSPECIFIED: Channel
CHANNEL_ONLINE: Channel
CHANNEL_DIRECT: Channel
CHANNEL_POSTAL: Channel
OUTCOME_UNSPECIFIED: Outcome
OUTCOME_APPROVED: Outcome
OUTCOME_REFUSED: Outcome
PAYMENT_METHOD_UNSPECIFIED: PaymentMethod
PAYMENT_METHOD_NATIONAL_PORTAL: PaymentMethod
PAYMENT_METHOD_PROVINCIAL_PORTAL: PaymentMethod
PAYMENT_METHOD_COUNTER: PaymentMethod
RATING_UNSPECIFIED: Rating
RATING_VERY_SATISFIED: Rating
RATING_SATISFIED: Rating
RATING_UNSATISFIED: Rating

class DossierReceived(_message.Message):
    __slots__ = ("dossier_id", "department", "field", "procedure_code", "channel", "received_at", "due_at", "processing_days")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    PROCEDURE_CODE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_DAYS_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    field: str
    procedure_code: str
    channel: Channel
    received_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    processing_days: int
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., field: _Optional[str] = ..., procedure_code: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., processing_days: _Optional[int] = ...) -> None: ...

class SupplementRequested(_message.Message):
    __slots__ = ("dossier_id", "department", "at")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SupplementReceived(_message.Message):
    __slots__ = ("dossier_id", "department", "at")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DossierResolved(_message.Message):
    __slots__ = ("dossier_id", "department", "resolved_at", "outcome")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    resolved_at: _timestamp_pb2.Timestamp
    outcome: Outcome
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[Outcome, str]] = ...) -> None: ...

class DossierWithdrawn(_message.Message):
    __slots__ = ("dossier_id", "department", "at")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DossierDigitized(_message.Message):
    __slots__ = ("dossier_id", "department", "at")
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    dossier_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PaymentCompleted(_message.Message):
    __slots__ = ("payment_id", "dossier_id", "department", "amount_vnd", "method", "paid_at")
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_VND_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    dossier_id: str
    department: str
    amount_vnd: int
    method: PaymentMethod
    paid_at: _timestamp_pb2.Timestamp
    def __init__(self, payment_id: _Optional[str] = ..., dossier_id: _Optional[str] = ..., department: _Optional[str] = ..., amount_vnd: _Optional[int] = ..., method: _Optional[_Union[PaymentMethod, str]] = ..., paid_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SurveySubmitted(_message.Message):
    __slots__ = ("survey_id", "department", "rating", "submitted_at", "dossier_id")
    SURVEY_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    survey_id: str
    department: str
    rating: Rating
    submitted_at: _timestamp_pb2.Timestamp
    dossier_id: str
    def __init__(self, survey_id: _Optional[str] = ..., department: _Optional[str] = ..., rating: _Optional[_Union[Rating, str]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dossier_id: _Optional[str] = ...) -> None: ...

class FeedbackReceived(_message.Message):
    __slots__ = ("feedback_id", "department", "at")
    FEEDBACK_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    feedback_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, feedback_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FeedbackResolved(_message.Message):
    __slots__ = ("feedback_id", "department", "at")
    FEEDBACK_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    feedback_id: str
    department: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, feedback_id: _Optional[str] = ..., department: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccountAssisted(_message.Message):
    __slots__ = ("account_ref", "at", "department")
    ACCOUNT_REF_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    account_ref: str
    at: _timestamp_pb2.Timestamp
    department: str
    def __init__(self, account_ref: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., department: _Optional[str] = ...) -> None: ...

class CatalogDecisionPublished(_message.Message):
    __slots__ = ("number", "date", "department", "fields", "changes", "at")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    number: str
    date: str
    department: str
    fields: _containers.RepeatedScalarFieldContainer[str]
    changes: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    def __init__(self, number: _Optional[str] = ..., date: _Optional[str] = ..., department: _Optional[str] = ..., fields: _Optional[_Iterable[str]] = ..., changes: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Index766Component(_message.Message):
    __slots__ = ("score", "max")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    score: float
    max: float
    def __init__(self, score: _Optional[float] = ..., max: _Optional[float] = ...) -> None: ...

class Index766Published(_message.Message):
    __slots__ = ("period", "total", "rank", "of", "change_vs_same_period_pct", "components")
    class ComponentsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Index766Component
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Index766Component, _Mapping]] = ...) -> None: ...
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    OF_FIELD_NUMBER: _ClassVar[int]
    CHANGE_VS_SAME_PERIOD_PCT_FIELD_NUMBER: _ClassVar[int]
    COMPONENTS_FIELD_NUMBER: _ClassVar[int]
    period: str
    total: float
    rank: int
    of: int
    change_vs_same_period_pct: float
    components: _containers.MessageMap[str, Index766Component]
    def __init__(self, period: _Optional[str] = ..., total: _Optional[float] = ..., rank: _Optional[int] = ..., of: _Optional[int] = ..., change_vs_same_period_pct: _Optional[float] = ..., components: _Optional[_Mapping[str, Index766Component]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("event_id", "type", "occurred_at", "recorded_at", "source", "department", "dossier_id", "dossier_received", "supplement_requested", "supplement_received", "dossier_resolved", "dossier_withdrawn", "dossier_digitized", "payment_completed", "survey_submitted", "feedback_received", "feedback_resolved", "account_assisted", "catalog_decision_published", "index766_published")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_ID_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_RESOLVED_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    DOSSIER_DIGITIZED_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_COMPLETED_FIELD_NUMBER: _ClassVar[int]
    SURVEY_SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_RESOLVED_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ASSISTED_FIELD_NUMBER: _ClassVar[int]
    CATALOG_DECISION_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    INDEX766_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    type: str
    occurred_at: _timestamp_pb2.Timestamp
    recorded_at: _timestamp_pb2.Timestamp
    source: str
    department: str
    dossier_id: str
    dossier_received: DossierReceived
    supplement_requested: SupplementRequested
    supplement_received: SupplementReceived
    dossier_resolved: DossierResolved
    dossier_withdrawn: DossierWithdrawn
    dossier_digitized: DossierDigitized
    payment_completed: PaymentCompleted
    survey_submitted: SurveySubmitted
    feedback_received: FeedbackReceived
    feedback_resolved: FeedbackResolved
    account_assisted: AccountAssisted
    catalog_decision_published: CatalogDecisionPublished
    index766_published: Index766Published
    def __init__(self, event_id: _Optional[str] = ..., type: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., department: _Optional[str] = ..., dossier_id: _Optional[str] = ..., dossier_received: _Optional[_Union[DossierReceived, _Mapping]] = ..., supplement_requested: _Optional[_Union[SupplementRequested, _Mapping]] = ..., supplement_received: _Optional[_Union[SupplementReceived, _Mapping]] = ..., dossier_resolved: _Optional[_Union[DossierResolved, _Mapping]] = ..., dossier_withdrawn: _Optional[_Union[DossierWithdrawn, _Mapping]] = ..., dossier_digitized: _Optional[_Union[DossierDigitized, _Mapping]] = ..., payment_completed: _Optional[_Union[PaymentCompleted, _Mapping]] = ..., survey_submitted: _Optional[_Union[SurveySubmitted, _Mapping]] = ..., feedback_received: _Optional[_Union[FeedbackReceived, _Mapping]] = ..., feedback_resolved: _Optional[_Union[FeedbackResolved, _Mapping]] = ..., account_assisted: _Optional[_Union[AccountAssisted, _Mapping]] = ..., catalog_decision_published: _Optional[_Union[CatalogDecisionPublished, _Mapping]] = ..., index766_published: _Optional[_Union[Index766Published, _Mapping]] = ...) -> None: ...
