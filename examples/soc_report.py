"""Nightly incident report for the SOC (client-credentials token pasted while debugging)."""
import requests

ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6ImNsYWltY2hlY2stdGVzdCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC82ZjFjMmEzYi00ZDVlLTRmNjAtOGE3MS05MmIzYzRkNWU2ZjcvIiwidGlkIjoiNmYxYzJhM2ItNGQ1ZS00ZjYwLThhNzEtOTJiM2M0ZDVlNmY3IiwiaWR0eXAiOiJhcHAiLCJhcHBpZCI6IjBhMWIyYzNkLTRlNWYtNGE2Yi04YzdkLTllMGYxYTJiM2M0ZCIsImFwcF9kaXNwbGF5bmFtZSI6IkNvbnRvc28gU09DIENvbGxlY3RvciIsInZlciI6IjEuMCIsInJvbGVzIjpbIlNlY3VyaXR5QWxlcnQuUmVhZC5BbGwiLCJVc2VyLlJlYWQuQWxsIl0sImlhdCI6MTc2NzIyNTYwMCwibmJmIjoxNzY3MjI1NjAwLCJleHAiOjIwODI3NTg0MDB9.DhBgkpTOG4UA_s5HU5s7ZYjhzGRX-5RYq7mXYtEpHM8OEGCSlM4bhQD-zkdTmztliOHMZFf7lFiruZdi0Skczw4QYJKUzhuFAP7OR1ObO2WI4cxkV_uUWKu5l2LRKRzPDhBgkpTOG4UA_s5HU5s7ZYjhzGRX-5RYq7mXYtEpHM8"
HEADERS = {"Authorization": f"Bearer {ACCESS_TOKEN}"}


def open_incidents():
    url = "https://graph.microsoft.com/v1.0/security/incidents?$filter=status eq 'active'"
    return requests.get(url, headers=HEADERS, timeout=30).json()["value"]


if __name__ == "__main__":
    for incident in open_incidents():
        print(incident["id"], incident["displayName"])
