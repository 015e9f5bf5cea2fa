# Shared sign-in for the SOC scripts: dot-source it first (. ./Connect-Soc.ps1).
Connect-MgGraph -Scopes "SecurityAlert.Read.All", "ThreatHunting.Read.All" -NoWelcome
