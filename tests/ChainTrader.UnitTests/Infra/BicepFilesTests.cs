using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChainTrader.UnitTests.Infra;

/// <summary>
/// Checks infra-bicep/ without a Bicep compiler (none installs offline here): structure and names with
/// <see cref="BicepChecker"/>, the parameter files against main.bicep, and the security rules the design asks for.
/// </summary>
public sealed class BicepFilesTests
{
    private static string InfraFolder => Path.Combine(RepoPaths.Root, "infra-bicep");
    private static string MainBicep => Path.Combine(InfraFolder, "main.bicep");

    public static TheoryData<string> BicepFiles() =>
        new(Directory.GetFiles(InfraFolder, "*.bicep", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(InfraFolder, f)));

    public static TheoryData<string> ParameterFiles() =>
        new(Directory.GetFiles(InfraFolder, "main.parameters.*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_is_balanced_and_uses_only_declared_names(string relativePath)
    {
        var checker = BicepChecker.Check(Path.Combine(InfraFolder, relativePath));

        Assert.True(checker.Problems.Count == 0, string.Join("\n", checker.Problems));
        Assert.NotEmpty(checker.Declarations);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Parameter_file_matches_main_bicep_and_carries_no_secret(string fileName)
    {
        var main = BicepChecker.Check(MainBicep);
        var declared = main.Parameters.ToDictionary(p => p.Name);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraFolder, fileName)));
        var given = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"{fileName} sets '{name}', which main.bicep does not declare."));
        Assert.All(declared.Values.Where(p => !p.HasDefault),
            p => Assert.True(given.Contains(p.Name), $"{fileName} does not set required parameter '{p.Name}'."));
        // Secrets come from the pipeline's secret variables on the command line, never from a committed file.
        Assert.All(given, name => Assert.False(declared[name].IsSecure, $"{fileName} sets secure parameter '{name}'."));

        var environment = json.RootElement.GetProperty("parameters").GetProperty("environmentName").GetProperty("value").GetString();
        Assert.Equal($"main.parameters.{environment}.json", fileName);
    }

    [Fact]
    public void Secure_parameters_flow_only_into_secure_module_parameters()
    {
        var main = BicepChecker.Check(MainBicep);
        var lines = File.ReadAllLines(MainBicep);
        var secureNames = main.Parameters.Where(p => p.IsSecure).Select(p => p.Name).ToHashSet();
        Assert.NotEmpty(secureNames);

        foreach (var (name, line) in main.References.Where(r => secureNames.Contains(r.Name)))
        {
            // The only allowed use is `someParam: secureName` inside a module's params block...
            var match = Regex.Match(lines[line - 1], @"^\s*(\w+):\s*(\w+)\s*$");
            Assert.True(match.Success && match.Groups[2].Value == name, $"main.bicep:{line} uses secure parameter '{name}' outside a module parameter.");
            // ...and that module parameter must be @secure() too.
            var module = main.Modules.Single(m => m.GivenParams.Contains(match.Groups[1].Value) && m.Line < line);
            var callee = BicepChecker.Check(Path.Combine(InfraFolder, module.RelativePath));
            Assert.True(callee.Declarations[match.Groups[1].Value].IsSecure,
                $"{module.RelativePath} receives '{name}' in '{match.Groups[1].Value}', which lacks @secure().");
        }
    }

    [Fact]
    public void Function_app_is_flex_consumption_dotnet_isolated_with_secrets_from_key_vault()
    {
        var main = File.ReadAllText(MainBicep);

        Assert.Matches(@"name:\s*'FC1'\s*\n\s*tier:\s*'FlexConsumption'", main);
        Assert.Matches(@"runtime:\s*\{\s*name:\s*'dotnet-isolated'\s*version:\s*'10\.0'\s*\}", main);
        Assert.Contains("keyVaultReferenceIdentity: appIdentity.id", main, StringComparison.Ordinal);
        foreach (var (setting, secret) in new[] { ("TELEGRAM_BOT_TOKEN", "TELEGRAM-BOT-TOKEN"), ("TELEGRAM_WEBHOOK_SECRET", "TELEGRAM-WEBHOOK-SECRET"), ("SIGNER_PRIVATE_KEY", "SIGNER-PRIVATE-KEY") })
            Assert.Matches($@"\n\s*{setting}: '\$\{{keyVaultReferencePrefix\}}{secret}/\)'", main);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri=https://", main, StringComparison.Ordinal);
        Assert.Contains("EXECUTION_MODE: 'DRY_RUN'", main, StringComparison.Ordinal);
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        foreach (var forbidden in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE" })
            Assert.DoesNotMatch($@"\n\s*{forbidden}\s*:", main);
    }

    [Fact]
    public void Role_assignments_use_only_the_least_privilege_data_roles()
    {
        // Built-in role definition ids from the Azure built-in roles reference.
        var allowed = new Dictionary<string, string>
        {
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        };
        var text = string.Join("\n", Directory.GetFiles(InfraFolder, "*.bicep", SearchOption.AllDirectories).Select(File.ReadAllText));
        var used = Regex.Matches(text, @"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").Select(m => m.Value).ToHashSet();

        Assert.Equal(allowed.Keys.Order(), used.Order());
    }
}
