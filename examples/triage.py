"""Close benign alerts with the Microsoft Graph Python SDK."""
from azure.identity import InteractiveBrowserCredential
from msgraph import GraphServiceClient
from msgraph.generated.models.security.alert import Alert

SCOPES = [
    "https://graph.microsoft.com/SecurityAlert.Read.All",
    "offline_access",
]

credential = InteractiveBrowserCredential(client_id="0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
client = GraphServiceClient(credential, SCOPES)


async def close_benign():
    alerts = await client.security.alerts_v2.get()
    for alert in alerts.value:
        if alert.classification == "informationalExpectedActivity":
            await client.security.alerts_v2.by_alert_id(alert.id).patch(Alert(status="resolved"))
