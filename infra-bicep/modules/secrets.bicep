// Key Vault in RBAC mode holding the app's secrets, and the app identity's read access to them.
// A secret is written only when its value is passed, so re-deploying the infrastructure without the
// secrets (a what-if, an infra-only change) leaves the stored values alone.

param location string
param vaultName string
param appPrincipalId string
param purgeProtection bool
param tags object

@secure()
param telegramBotToken string

@secure()
param telegramWebhookSecret string

@secure()
param signerPrivateKey string

@description('Chain name to comma-separated RPC URLs; stored as CHAIN-<NAME>-RPC-URLS.')
@secure()
param chainRpcUrls object

// Built-in role definition id (Azure built-in roles reference).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection cannot be switched off once on, and the API refuses an explicit false.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource botTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(telegramBotToken)) {
  parent: vault
  name: 'TELEGRAM-BOT-TOKEN'
  properties: {
    value: telegramBotToken
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(telegramWebhookSecret)) {
  parent: vault
  name: 'TELEGRAM-WEBHOOK-SECRET'
  properties: {
    value: telegramWebhookSecret
  }
}

resource signerKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(signerPrivateKey)) {
  parent: vault
  name: 'SIGNER-PRIVATE-KEY'
  properties: {
    value: signerPrivateKey
  }
}

resource rpcUrlSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for chain in items(chainRpcUrls): {
  parent: vault
  name: 'CHAIN-${toUpper(chain.key)}-RPC-URLS'
  properties: {
    value: chain.value
  }
}]

resource secretsUserAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output vaultUri string = vault.properties.vaultUri
