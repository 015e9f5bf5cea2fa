#!/usr/bin/env python3
"""Writes examples/: realistic files that each show one cause of a Graph 403.

Every token is minted here (tests/tools/mint_jwt.py): the payloads are made up, the
signatures are filler, and none of them was ever issued by Microsoft.
Run from the repository root: python3 tools/make-examples.py
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "tools"))
from mint_jwt import mint

TENANT = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"
APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
GRAPH = "https://graph.microsoft.com"
SECURITY_READER = "5d6b6bb7-de71-4623-b4af-96380a352509"
HELPDESK_ADMIN = "729827e3-9c14-49f7-bb1b-9608f156bbb8"

def user(**claims):
    base = {"aud": GRAPH, "iss": f"https://sts.windows.net/{TENANT}/", "tid": TENANT, "idtyp": "user",
            "appid": APP, "app_displayname": "Contoso SOC Dashboard", "upn": "analyst@contoso.example",
            "name": "SOC Analyst", "oid": "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99", "ver": "1.0"}
    base.update(claims)
    return mint(base)

def app(**claims):
    base = {"aud": GRAPH, "iss": f"https://sts.windows.net/{TENANT}/", "tid": TENANT, "idtyp": "app",
            "appid": APP, "app_displayname": "Contoso SOC Collector", "ver": "1.0"}
    base.update(claims)
    return mint(base)

FILES = {
# 1. REST Client file: the delegated token lacks SecurityAlert.Read.All.
"alerts.http": f"""# Triage queue for the SOC dashboard (VS Code REST Client / JetBrains HTTP client)
@graph = {GRAPH}
@token = {user(scp="User.Read SecurityIncident.Read.All", wids=[SECURITY_READER])}

### Newest alerts
GET {{{{graph}}}}/v1.0/security/alerts_v2?$top=25&$orderby=createdDateTime desc
Authorization: Bearer {{{{token}}}}
Accept: application/json

### Incidents assigned to me
GET {GRAPH}/v1.0/security/incidents?$filter=assignedTo eq 'analyst@contoso.example'
Authorization: Bearer {{{{token}}}}
""",
# 2. Python collector: an app-only token whose roles do not cover incidents.
"soc_report.py": f'''"""Nightly incident report for the SOC (client-credentials token pasted while debugging)."""
import requests

ACCESS_TOKEN = "{app(roles=["SecurityAlert.Read.All", "User.Read.All"])}"
HEADERS = {{"Authorization": f"Bearer {{ACCESS_TOKEN}}"}}


def open_incidents():
    url = "https://graph.microsoft.com/v1.0/security/incidents?$filter=status eq 'active'"
    return requests.get(url, headers=HEADERS, timeout=30).json()["value"]


if __name__ == "__main__":
    for incident in open_incidents():
        print(incident["id"], incident["displayName"])
''',
# 3. PowerShell: the signed-in user holds no security role (wids has Helpdesk Administrator only).
"Get-SecureScore.ps1": f'''# Weekly Secure Score snapshot for the security review.
$token = "{user(scp="SecurityEvents.Read.All User.Read", wids=[HELPDESK_ADMIN])}"
$headers = @{{ Authorization = "Bearer $token" }}

$scores = Invoke-RestMethod -Method Get `
    -Uri "https://graph.microsoft.com/v1.0/security/secureScores?`$top=1" `
    -Headers $headers
$scores.value | Select-Object createdDateTime, currentScore, maxScore
''',
# 4. curl: a token for the Defender XDR API sent to Graph.
"hunt.sh": f'''#!/usr/bin/env bash
# Advanced hunting: devices that ran encoded PowerShell in the last day.
set -euo pipefail
TOKEN="{app(aud="https://api.security.microsoft.com", roles=["AdvancedQuery.Read.All"])}"

curl -sS -X POST \\
  -H "Authorization: Bearer $TOKEN" \\
  -H "Content-Type: application/json" \\
  -d '{{"Query": "DeviceProcessEvents | where ProcessCommandLine has \\"-enc\\" | take 50"}}' \\
  https://graph.microsoft.com/v1.0/security/runHuntingQuery
''',
# 5. Ansible playbook: the legacy alerts API, and a token that expired long ago.
"playbook.yaml": f'''# Close resolved alerts every morning.
- name: Close resolved alerts
  hosts: localhost
  gather_facts: false
  vars:
    graph_token: "{app(roles=["SecurityEvents.ReadWrite.All"], iat=1704067200, nbf=1704067200, exp=1704070800)}"
  tasks:
    - name: List alerts
      ansible.builtin.uri:
        url: https://graph.microsoft.com/v1.0/security/alerts?$filter=status eq 'resolved'
        headers:
          Authorization: "Bearer {{{{ graph_token }}}}"
      register: alerts
''',
# 6. An implicit-grant redirect captured in a bug report: no wids claim.
"bug-report.md": f'''# Bug: Secure Score tab is empty

Steps: sign in, open the Secure Score tab. The browser ends up at

    https://dashboard.contoso.example/auth/callback#access_token={user(scp="SecurityEvents.Read.All")}&token_type=Bearer&expires_in=3599

and the call to `https://graph.microsoft.com/v1.0/security/secureScores` answers 403.
''',
# 7. Graph PowerShell: the sign-in asks for the wrong scopes for the cmdlets used.
"Export-Incidents.ps1": """# Export open incidents and their alerts for the weekly report.
Connect-MgGraph -Scopes "User.Read", "SecurityAlert.Read.All" -NoWelcome

$incidents = Get-MgSecurityIncident -Filter "status eq 'active'" -Top 50
foreach ($incident in $incidents) {
    Get-MgSecurityIncidentAlert -IncidentId $incident.Id |
        Select-Object Id, Title, Severity
}
Update-MgSecurityAlertV2 -AlertId $alertId `
    -Status resolved
""",
# 8. Python msgraph-sdk with an MSAL-style scope list: reads are covered, the update is not.
"triage.py": """\"\"\"Close benign alerts with the Microsoft Graph Python SDK.\"\"\"
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
""",
# 9. C#: an app-only endpoint called through a delegated sign-in.
"EmailTriage.cs": """using Azure.Identity;
using Microsoft.Graph;

var scopes = new[] { "SecurityAnalyzedMessage.Read.All", "User.Read" };
var credential = new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions { ClientId = clientId });
var graphClient = new GraphServiceClient(credential, scopes);

var emails = await graphClient.Security.Collaboration.AnalyzedEmails
    .GetAsync(config => config.QueryParameters.Top = 20);
""",# 10. Beyond /security: an HR offboarding job whose app-only token covers the lookup only; it
# calls /me, which no app-only token can (there is no signed-in user).
"offboard_user.py": f'''"""Offboard a leaver: disable the account, sign them out everywhere, keep their last mail.

The app-only token below was pasted while debugging the client-credentials flow.
"""
import requests

TOKEN = "{app(app_displayname="Contoso HR Offboarding", roles=["User.Read.All", "Mail.ReadBasic.All"])}"
HEADERS = {{"Authorization": f"Bearer {{TOKEN}}"}}


def offboard(upn):
    user = requests.get(f"https://graph.microsoft.com/v1.0/users/{{upn}}", headers=HEADERS).json()
    requests.patch(f"https://graph.microsoft.com/v1.0/users/{{user['id']}}", json={{"accountEnabled": False}}, headers=HEADERS)
    requests.post(f"https://graph.microsoft.com/v1.0/users/{{user['id']}}/revokeSignInSessions", headers=HEADERS)
    # Keep the last 50 messages the leaver received.
    return requests.get("https://graph.microsoft.com/v1.0/me/messages?$top=50", headers=HEADERS).json()["value"]
''',
}

def main():
    out = os.path.join(os.path.dirname(__file__), "..", "examples")
    os.makedirs(out, exist_ok=True)
    for name, text in FILES.items():
        with open(os.path.join(out, name), "w", newline="\n") as f:
            f.write(text)

if __name__ == "__main__":
    main()
