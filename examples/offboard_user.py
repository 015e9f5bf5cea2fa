"""Offboard a leaver: disable the account, sign them out everywhere, keep their last mail.

The app-only token below was pasted while debugging the client-credentials flow.
"""
import requests

TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6ImNsYWltY2hlY2stdGVzdCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC82ZjFjMmEzYi00ZDVlLTRmNjAtOGE3MS05MmIzYzRkNWU2ZjcvIiwidGlkIjoiNmYxYzJhM2ItNGQ1ZS00ZjYwLThhNzEtOTJiM2M0ZDVlNmY3IiwiaWR0eXAiOiJhcHAiLCJhcHBpZCI6IjBhMWIyYzNkLTRlNWYtNGE2Yi04YzdkLTllMGYxYTJiM2M0ZCIsImFwcF9kaXNwbGF5bmFtZSI6IkNvbnRvc28gSFIgT2ZmYm9hcmRpbmciLCJ2ZXIiOiIxLjAiLCJyb2xlcyI6WyJVc2VyLlJlYWQuQWxsIiwiTWFpbC5SZWFkQmFzaWMuQWxsIl0sImlhdCI6MTc2NzIyNTYwMCwibmJmIjoxNzY3MjI1NjAwLCJleHAiOjIwODI3NTg0MDB9.VAwcepuUJQesj0IkFbRuZIEDkfBL609YjiaFUKFsuyRUDBx6m5QlB6yPQiQVtG5kgQOR8EvrT1iOJoVQoWy7JFQMHHqblCUHrI9CJBW0bmSBA5HwS-tPWI4mhVChbLskVAwcepuUJQesj0IkFbRuZIEDkfBL609YjiaFUKFsuyQ"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def offboard(upn):
    user = requests.get(f"https://graph.microsoft.com/v1.0/users/{upn}", headers=HEADERS).json()
    requests.patch(f"https://graph.microsoft.com/v1.0/users/{user['id']}", json={"accountEnabled": False}, headers=HEADERS)
    requests.post(f"https://graph.microsoft.com/v1.0/users/{user['id']}/revokeSignInSessions", headers=HEADERS)
    # Keep the last 50 messages the leaver received.
    return requests.get("https://graph.microsoft.com/v1.0/me/messages?$top=50", headers=HEADERS).json()["value"]
