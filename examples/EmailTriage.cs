using Azure.Identity;
using Microsoft.Graph;

var scopes = new[] { "SecurityAnalyzedMessage.Read.All", "User.Read" };
var credential = new InteractiveBrowserCredential(new InteractiveBrowserCredentialOptions { ClientId = clientId });
var graphClient = new GraphServiceClient(credential, scopes);

var emails = await graphClient.Security.Collaboration.AnalyzedEmails
    .GetAsync(config => config.QueryParameters.Top = 20);
