using System.Text.Json;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// Reads the "Values" of a Functions local.settings.json so standalone mode sees the same settings that
/// `func start` puts into the environment. Keys use "__" for nesting, as environment variables do.
/// </summary>
public static class LocalSettingsConfiguration
{
    public static IConfigurationBuilder AddLocalSettingsJson(this IConfigurationBuilder builder, string path)
    {
        if (!File.Exists(path)) return builder;
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path} has no \"Values\" object (the Functions local.settings.json format).");

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in values.EnumerateObject())
        {
            settings[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new InvalidDataException($"{path}: setting \"{property.Name}\" must be a string, number or boolean."),
            };
        }
        return builder.AddInMemoryCollection(settings);
    }
}
