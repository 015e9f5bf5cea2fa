. "$PSScriptRoot/Connect-Soc.ps1"

$stale = Get-MgSecurityAlertV2 -Filter "status eq 'new'" -All
foreach ($alert in $stale) {
    Update-MgSecurityAlertV2 -AlertId $alert.Id -Status "resolved"
}
