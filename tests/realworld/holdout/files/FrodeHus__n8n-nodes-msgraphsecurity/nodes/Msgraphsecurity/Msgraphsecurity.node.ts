import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { secureScoreDescription } from './resources/secureScore';
import { detectionRuleDescription } from './resources/detectionRule';

export class Msgraphsecurity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Graph Unified Security API',
		name: 'msgraphsecurity',
		icon: { light: 'file:../../icons/msgraph.svg', dark: 'file:../../icons/msgraph.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Interact with the Msgraphsecurity API',
		defaults: {
			name: 'Msgraphsecurity',
		},
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'msgraphsecurityOAuth2Api', required: true }],
		requestDefaults: {
			baseURL: 'https://graph.microsoft.com/beta/security',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
			},
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Custom Detection Rule',
						value: 'customDetectionRule',
						description: 'Operations on custom detection rules',
					},
					{
						name: 'Secure Score',
						value: 'secureScore',
						description: 'Operations on secure scores',
					},
				],
				default: 'secureScore',
			},
			...secureScoreDescription,
			...detectionRuleDescription,
		],
	};
}
