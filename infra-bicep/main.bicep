// ChainTrader on Azure: a Flex Consumption function app running the .NET isolated worker, its storage (tables, the
// hint queues, the deployment package), monitoring, Key Vault and one user-assigned identity with only the data roles the app needs.
// Deploy into an existing resource group: az deployment group create -g <rg> -f main.bicep -p main.parameters.<env>.json

targetScope = 'resourceGroup'

@description('Short name shared by every resource; lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(12)
param namePrefix string

@allowed([
  'dev'
  'prod'
])
param environmentName string

param location string = resourceGroup().location

@description('Chains the app trades on (ENABLED_CHAINS); each needs CHAIN_<NAME>_RPC_URLS, taken from Key Vault.')
@minLength(1)
param enabledChains array

@description('Chain name to comma-separated RPC URLs (they often carry API keys); written to Key Vault when given.')
@secure()
param chainRpcUrls object = {}

@description('Telegram bot token; written to Key Vault as TELEGRAM-BOT-TOKEN when given.')
@secure()
param telegramBotToken string = ''

@description('Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token; written to Key Vault when given.')
@secure()
param telegramWebhookSecret string = ''

@description('Hex private key of the trading wallet; written to Key Vault as SIGNER-PRIVATE-KEY when given.')
@secure()
param signerPrivateKey string = ''

@description('Comma-separated Telegram user ids with admin rights (ADMIN_USER_IDS).')
param adminUserIds string = ''

@description('The chat admin alerts go to (ADMIN_CHAT_ID): the admin group (negative id) or the user id of one admin. Required when adminUserIds is set.')
param adminChatId string = ''

@description('Comma-separated Telegram user ids with super-admin rights (SUPER_ADMIN_IDS).')
param superAdminIds string = ''

@description('Further non-secret app settings; the settings this template manages take precedence.')
param extraAppSettings object = {}

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

param logRetentionInDays int = 30

param keyVaultPurgeProtection bool = true

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var baseName = '${namePrefix}-${environmentName}'
var compactPrefix = take(replace(namePrefix, '-', ''), 8)
var storageAccountName = toLower('st${compactPrefix}${environmentName}${take(suffix, 8)}')
var keyVaultName = 'kv-${compactPrefix}-${take(suffix, 10)}'
var functionAppName = '${baseName}-func-${take(suffix, 6)}'
var deploymentContainerName = 'app-package'
var queueNames = [
  'notifications'
]
var tags = {
  application: 'chaintrader'
  environment: environmentName
}

// Built-in role definition ids (Azure built-in roles reference). Blob Data Owner is what the Functions host
// needs for its own state and the deployment package with an identity-based AzureWebJobsStorage; Queue Data
// Contributor lets the host's queue triggers and output bindings receive, delete and send the hint messages.
var storageRoleIds = [
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
]

// Versionless secret URIs, so a rotated secret is picked up without redeploying.
var keyVaultReferencePrefix = '@Microsoft.KeyVault(SecretUri=https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/'
var chainRpcUrlSettings = toObject(enabledChains, chain => 'CHAIN_${toUpper(chain)}_RPC_URLS', chain => '${keyVaultReferencePrefix}CHAIN-${toUpper(chain)}-RPC-URLS/)')

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Everything reaches the account with Entra ID tokens: host, deployment and the app's table client.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The queue OutboxSweeper/Notify bind on AzureWebJobsStorage. Its messages are hints (Table Storage is the truth; the
// sweeper re-drives), so the host's default poison handling after 5 dequeues is safe. The Durable task hub creates its
// own queues, tables and lease blobs at start, under the table, queue and blob roles granted below.
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queueName in queueNames: {
  parent: queueService
  name: queueName
}]

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoleIds: {
  name: guid(storage.id, appIdentity.id, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: '${baseName}-log'
    applicationInsightsName: '${baseName}-appi'
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module secrets 'modules/secrets.bicep' = {
  name: 'secrets'
  params: {
    location: location
    vaultName: keyVaultName
    appPrincipalId: appIdentity.properties.principalId
    purgeProtection: keyVaultPurgeProtection
    telegramBotToken: telegramBotToken
    telegramWebhookSecret: telegramWebhookSecret
    signerPrivateKey: signerPrivateKey
    chainRpcUrls: chainRpcUrls
    tags: tags
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${baseName}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: appIdentity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: appIdentity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The .NET isolated worker on .NET 10; the host starts ChainTrader.Functions.dll from functions.metadata.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    storageRoleAssignments
    deploymentContainer
  ]
}

// FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are deliberately absent: Flex Consumption takes the
// runtime from functionAppConfig and rejects those settings.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(extraAppSettings, chainRpcUrlSettings, {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: appIdentity.properties.clientId
    AZURE_CLIENT_ID: appIdentity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
    TELEGRAM_BOT_TOKEN: '${keyVaultReferencePrefix}TELEGRAM-BOT-TOKEN/)'
    TELEGRAM_WEBHOOK_SECRET: '${keyVaultReferencePrefix}TELEGRAM-WEBHOOK-SECRET/)'
    SIGNER_PRIVATE_KEY: '${keyVaultReferencePrefix}SIGNER-PRIVATE-KEY/)'
    ENABLED_CHAINS: join(enabledChains, ',')
    EXECUTION_MODE: 'DRY_RUN'
    ADMIN_USER_IDS: adminUserIds
    ADMIN_CHAT_ID: adminChatId
    SUPER_ADMIN_IDS: superAdminIds
  })
  // The secrets and the vault role must exist before the references are resolved.
  dependsOn: [
    secrets
  ]
}

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output keyVaultName string = keyVaultName
output keyVaultUri string = secrets.outputs.vaultUri
output storageAccountName string = storage.name
output appIdentityClientId string = appIdentity.properties.clientId
