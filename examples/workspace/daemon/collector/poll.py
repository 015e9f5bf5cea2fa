"""Polls Defender alerts and incidents with the collector's own identity (client credentials)."""
import os

from azure.identity.aio import ClientSecretCredential
from msgraph import GraphServiceClient

credential = ClientSecretCredential(os.environ["TENANT_ID"], os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"])
client = GraphServiceClient(credential, scopes=["https://graph.microsoft.com/.default"])


async def poll():
    alerts = await client.security.alerts_v2.get()
    incidents = await client.security.incidents.get()
    return alerts, incidents


async def resolve(alert_id, body):
    await client.security.alerts_v2.by_alert_id(alert_id).patch(body)


async def hunt(body):
    return await client.security.microsoft_graph_security_run_hunting_query.post(body)
