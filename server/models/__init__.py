"""All models, imported in one place so Alembic and the app see the whole schema."""

from server.models.calendar_feed import CalendarFeed
from server.models.call import Call
from server.models.complaint import COMPLAINT_CHANNELS, Complaint
from server.models.contract import Contract, contract_sites
from server.models.customer import ZONES, Contact, Customer, Site
from server.models.device import (
    DEVICE_CLASSES,
    SYSTEM_TYPES,
    WARRANTY_DATE_FIELDS,
    Device,
    System,
)
from server.models.escalation import BreachExplanation, EmergencyAck, EmergencyReport
from server.models.follow_up import (
    FOLLOW_UP_MODES,
    PROGRESS_PAGE_MODE,
    SIGN_OFF_MODE,
    FollowUp,
    SurveyAnswer,
    SurveyQuestion,
)
from server.models.inspection import ITEM_TYPES, ChecklistTemplate, InspectionResult
from server.models.loaner import Loaner, PaidWorkConsent
from server.models.media import (
    ATTACHMENT_KINDS,
    SATISFACTION_KEYS,
    SIGNATURE_PURPOSES,
    SIGNER_ROLES,
    Attachment,
    Blob,
    BlobHolder,
    BlobUpload,
    Signature,
)
from server.models.notification import (
    NOTIFICATION_CHANNELS,
    NOTIFICATION_KINDS,
    NOTIFICATION_STATES,
    Notification,
)
from server.models.organisation import (
    CALENDAR_DAY_KINDS,
    Centre,
    OrganisationCalendarDay,
    OrganisationSettings,
    Region,
)
from server.models.outcome import SlaOutcome, WorkOrderOutcome
from server.models.part import PART_CATEGORIES, Part
from server.models.progress_link import ProgressLink
from server.models.push_subscription import PushSubscription
from server.models.rate_limit import RateLimitHit
from server.models.remote_session import RemoteSession
from server.models.schedule import VISIT_KINDS, VISIT_STATUSES, ScheduledVisit
from server.models.stock import (
    LOCATION_KINDS,
    MOVEMENT_KINDS,
    PartUsage,
    StockLocation,
    StockMovement,
)
from server.models.sync import (
    LATE_REASONS,
    LATE_STATUSES,
    LateContribution,
    SyncClient,
    SyncConflict,
    SyncMutation,
    Tombstone,
)
from server.models.user import OFFICE_ROLES, ROLES, ApiToken, User
from server.models.work_order import (
    CHANNELS,
    EVENT_ORIGINS,
    WORK_ORDER_TYPES,
    NumberSequence,
    WorkOrder,
    WorkOrderEvent,
    WorkOrderNote,
    work_order_devices,
)

__all__ = [
    "CalendarFeed",
    "CALENDAR_DAY_KINDS",
    "OrganisationCalendarDay",
    "Call",
    "BreachExplanation",
    "EmergencyAck",
    "EmergencyReport",
    "NOTIFICATION_CHANNELS",
    "NOTIFICATION_KINDS",
    "NOTIFICATION_STATES",
    "Notification",
    "PushSubscription",
    "RemoteSession",
    "COMPLAINT_CHANNELS",
    "FOLLOW_UP_MODES",
    "PROGRESS_PAGE_MODE",
    "SIGN_OFF_MODE",
    "VISIT_KINDS",
    "VISIT_STATUSES",
    "Complaint",
    "FollowUp",
    "ScheduledVisit",
    "SlaOutcome",
    "SurveyAnswer",
    "SurveyQuestion",
    "WorkOrderOutcome",
    "ATTACHMENT_KINDS",
    "SATISFACTION_KEYS",
    "SIGNATURE_PURPOSES",
    "SIGNER_ROLES",
    "Attachment",
    "Loaner",
    "PaidWorkConsent",
    "Blob",
    "BlobHolder",
    "BlobUpload",
    "RateLimitHit",
    "Signature",
    "ITEM_TYPES",
    "LOCATION_KINDS",
    "MOVEMENT_KINDS",
    "ChecklistTemplate",
    "InspectionResult",
    "PartUsage",
    "StockLocation",
    "StockMovement",
    "SyncClient",
    "SyncConflict",
    "LateContribution",
    "LATE_REASONS",
    "LATE_STATUSES",
    "SyncMutation",
    "Tombstone",
    "WorkOrderNote",
    "CHANNELS",
    "DEVICE_CLASSES",
    "EVENT_ORIGINS",
    "OFFICE_ROLES",
    "PART_CATEGORIES",
    "ROLES",
    "SYSTEM_TYPES",
    "WARRANTY_DATE_FIELDS",
    "WORK_ORDER_TYPES",
    "ZONES",
    "ApiToken",
    "Centre",
    "Contact",
    "Contract",
    "Customer",
    "Device",
    "NumberSequence",
    "OrganisationSettings",
    "Part",
    "ProgressLink",
    "Region",
    "Site",
    "System",
    "User",
    "WorkOrder",
    "WorkOrderEvent",
    "contract_sites",
    "work_order_devices",
]
