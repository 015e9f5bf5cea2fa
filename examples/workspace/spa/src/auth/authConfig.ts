// MSAL configuration of the SOC dashboard (a single-page app: users sign in).
export const msalConfig = {
  auth: { clientId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", authority: "https://login.microsoftonline.com/contoso.onmicrosoft.com" },
};

export const loginRequest = {
  scopes: ["User.Read", "SecurityIncident.ReadWrite.All"],
};
