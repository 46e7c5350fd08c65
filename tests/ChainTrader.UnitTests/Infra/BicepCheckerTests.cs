namespace ChainTrader.UnitTests.Infra;

/// <summary>The checker must catch each defect it claims to, and accept the Bicep constructs the templates use.</summary>
public sealed class BicepCheckerTests
{
    private static List<string> ProblemsOf(string bicep) => BicepChecker.Check("test.bicep", bicep).Problems;

    [Fact]
    public void Accepts_interpolation_loops_lambdas_ternaries_and_member_access()
    {
        const string bicep = """
            targetScope = 'resourceGroup'
            @description('names: {not code}')
            param prefix string
            @secure()
            param apiToken string = ''
            param chains array
            var names = [for (name, i) in chains: '${prefix}-${name}-${i}']
            var settings = toObject(chains, chain => 'CHAIN_${toUpper(chain)}', chain => '${prefix}{${length(chain)}}')
            /* a block comment with ' and { */
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
              name: empty(apiToken) ? prefix : '${prefix}x' // trailing ' comment {
            }
            resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(apiToken)) {
              parent: vault
              name: '''multi
            line'''
              properties: { value: apiToken, tags: { '${vault.name}': names } }
            }
            output uri string = vault.properties.vaultUri
            output settings object = settings
            """;

        Assert.Empty(ProblemsOf(bicep));
    }

    [Fact]
    public void Reports_an_undeclared_name_with_its_line()
    {
        var problems = ProblemsOf("param a string\nvar b = '${a}-${c}'\n");

        Assert.Equal(["test.bicep:2: 'c' is used but not declared."], problems);
    }

    [Fact]
    public void Reports_an_output_used_as_a_value()
    {
        var problems = ProblemsOf("output x string = 'a'\nvar y = x\n");

        Assert.Equal(["test.bicep:2: 'x' is used but not declared."], problems);
    }

    [Theory]
    [InlineData("var a = {\n  b: [1, 2}\n", "test.bicep:2: '}' closes '[' opened on line 2.")]
    [InlineData("var a = {\n  b: 1\n", "test.bicep:1: '{' is never closed.")]
    [InlineData("var a = 'unterminated\n", "test.bicep:1: line break inside a '...' string (use ''' for multi-line strings).")]
    [InlineData("var a = 1\n/* open comment\n", "test.bicep:2: unterminated /* comment.")]
    [InlineData("var a = 1\nvar a = 2\n", "test.bicep:2: 'a' is declared twice.")]
    [InlineData("param adminPassword string\n", "test.bicep:1: parameter 'adminPassword' looks like a secret but lacks @secure().")]
    public void Reports_structural_defects(string bicep, string expected)
    {
        Assert.Equal([expected], ProblemsOf(bicep));
    }

    [Fact]
    public void Checks_module_paths_and_parameters_against_the_module_file()
    {
        var folder = Directory.CreateTempSubdirectory("bicep-check-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "child.bicep"), "param needed string\nparam optional int = 1\n");
            var main = Path.Combine(folder.FullName, "main.bicep");
            File.WriteAllText(main, """
                module good 'child.bicep' = {
                  name: 'good'
                  params: {
                    needed: 'x'
                  }
                }
                module typo 'child.bicep' = {
                  name: 'typo'
                  params: {
                    neded: 'x'
                  }
                }
                module gone 'missing.bicep' = {
                  name: 'gone'
                }
                """);

            var problems = BicepChecker.Check(main).Problems.Select(p => p[(folder.FullName.Length + 1)..]).ToList();

            Assert.Equal(
            [
                "main.bicep:7: module 'typo' passes 'neded', which child.bicep does not declare.",
                "main.bicep:7: module 'typo' does not pass required parameter 'needed'.",
                "main.bicep:13: module 'gone' points at missing.bicep, which does not exist.",
            ], problems);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
