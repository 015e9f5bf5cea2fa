#!/usr/bin/env bash
# Advanced hunting: devices that ran encoded PowerShell in the last day.
set -euo pipefail
TOKEN="eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6ImNsYWltY2hlY2stdGVzdCJ9.eyJhdWQiOiJodHRwczovL2FwaS5zZWN1cml0eS5taWNyb3NvZnQuY29tIiwiaXNzIjoiaHR0cHM6Ly9zdHMud2luZG93cy5uZXQvNmYxYzJhM2ItNGQ1ZS00ZjYwLThhNzEtOTJiM2M0ZDVlNmY3LyIsInRpZCI6IjZmMWMyYTNiLTRkNWUtNGY2MC04YTcxLTkyYjNjNGQ1ZTZmNyIsImlkdHlwIjoiYXBwIiwiYXBwaWQiOiIwYTFiMmMzZC00ZTVmLTRhNmItOGM3ZC05ZTBmMWEyYjNjNGQiLCJhcHBfZGlzcGxheW5hbWUiOiJDb250b3NvIFNPQyBDb2xsZWN0b3IiLCJ2ZXIiOiIxLjAiLCJyb2xlcyI6WyJBZHZhbmNlZFF1ZXJ5LlJlYWQuQWxsIl0sImlhdCI6MTc2NzIyNTYwMCwibmJmIjoxNzY3MjI1NjAwLCJleHAiOjIwODI3NTg0MDB9.mOktyRx2w9TRKyIsnETjyWcackVgz_T2_jpCc9PdJFiY6S3JHHbD1NErIiycROPJZxpyRWDP9Pb-OkJz090kWJjpLckcdsPU0SsiLJxE48lnGnJFYM_09v46QnPT3SRYmOktyRx2w9TRKyIsnETjyWcackVgz_T2_jpCc9PdJFg"

curl -sS -X POST \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"Query": "DeviceProcessEvents | where ProcessCommandLine has \"-enc\" | take 50"}' \
  https://graph.microsoft.com/v1.0/security/runHuntingQuery
