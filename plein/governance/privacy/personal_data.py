"""What the privacy app holds about a person: their "download my data" zips
(see ``plein.core.personal_data``)."""

from plein.core.personal_data import PersonalDataProvider, register_personal_data
from plein.governance.privacy.models import DataExport

register_personal_data(
    PersonalDataProvider(
        app_label="privacy",
        order=140,
        models={DataExport: "one's data downloads: the zips and their state"},
    )
)
