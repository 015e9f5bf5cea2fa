# One-time setup: grants the automation account's managed identity its Graph app roles.
param([Parameter(Mandatory)] [string] $IdentityObjectId)

Connect-MgGraph -Scopes "AppRoleAssignment.ReadWrite.All", "Application.Read.All"
$graph = Get-MgServicePrincipal -Filter "appId eq '00000003-0000-0000-c000-000000000000'"

$roles = @(
    "SecurityIncident.ReadWrite.All",
    "SecurityAlert.Read.All"
)
foreach ($name in $roles) {
    $role = $graph.AppRoles | Where-Object { $_.Value -eq $name -and $_.AllowedMemberTypes -contains "Application" }
    New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $IdentityObjectId `
        -PrincipalId $IdentityObjectId -ResourceId $graph.Id -AppRoleId $role.Id
}
