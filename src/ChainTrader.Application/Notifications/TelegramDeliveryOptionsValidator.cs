using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Notifications;

/// <summary>Checks <see cref="TelegramDeliveryOptions"/> at start, listing every problem with its configuration key and value.</summary>
public sealed class TelegramDeliveryOptionsValidator : IValidateOptions<TelegramDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Add(string key, TimeSpan value, string rule) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{TelegramDeliveryOptions.SectionName}:{key}: {value} {rule}."));

        if (options.LeaseDuration < TimeSpan.FromSeconds(2)) Add(nameof(options.LeaseDuration), options.LeaseDuration, "is below 2 s");
        if (options.MaxInlineWait <= TimeSpan.Zero) Add(nameof(options.MaxInlineWait), options.MaxInlineWait, "must be positive");
        if (options.SlotHorizon < TimeSpan.FromMilliseconds(100)) Add(nameof(options.SlotHorizon), options.SlotHorizon, "is below 100 ms");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
