import { Client } from "@microsoft/microsoft-graph-client";
import { loginRequest } from "../auth/authConfig";

export async function loadIncidents(msalInstance, client: Client) {
  await msalInstance.loginPopup(loginRequest);
  const incidents = await client.api("/security/incidents").get();
  const score = await client.api("/security/secureScores").get();
  return { incidents, score };
}
