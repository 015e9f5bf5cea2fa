# Azure Automation runbook: signs in as the account's managed identity.
Connect-MgGraph -Identity -NoWelcome

$open = Get-MgSecurityIncident -Filter "status eq 'active'" -All
foreach ($incident in $open) {
    Update-MgSecurityIncident -IncidentId $incident.Id -Classification "truePositive"
}
