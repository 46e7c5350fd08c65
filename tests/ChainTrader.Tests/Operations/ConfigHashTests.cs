using System.Security.Cryptography;
using System.Text;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Operations;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Operations;

/// <summary>The one configuration hash, /config, and the start-up change announcement (against Azurite).</summary>
[Collection(OperationsCollection.Name)]
public class ConfigHashTests(OperationsFixture fixture)
{
    private const string BotToken = "123456:SECRET-token-never-shown";
    private const string SignerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    /// <summary>The fingerprint a real app computes from these settings (the app is built, not started: no storage is touched).</summary>
    private static ConfigurationFingerprint Fingerprint(Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = AppHost.BaseSettings();
        settings["TELEGRAM_BOT_TOKEN"] = BotToken;
        settings["SIGNER_PRIVATE_KEY"] = SignerKey;
        settings["ADMIN_USER_IDS"] = "2002";
        settings["ADMIN_CHAT_ID"] = "2002";
        tweak?.Invoke(settings);
        var app = ChainTrader.Functions.ChainTraderApp.Build(["--urls", "http://127.0.0.1:0"],
            name => name == "LOCAL_SETTINGS_PATH" ? Path.Combine(Path.GetTempPath(), "chaintrader-tests-no-local-settings.json") : null,
            builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, settings));
        return app.Services.GetRequiredService<ConfigurationFingerprint>();
    }

    [Fact]
    public void TheHashIsSha256OverTheSortedNonSecretSettingsOfEveryPart()
    {
        var fingerprint = Fingerprint();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.Canonical))), fingerprint.Hash);
        var lines = fingerprint.Canonical.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        // Every part contributes: app options, telemetry, chains, alerts, risk, oracle, operations.
        foreach (var expected in new[] { "EXECUTION_MODE=DRY_RUN", "LATENCY_WARN_MS=2000", "CHAIN_DEVNET_CONFIRMATIONS=3", "ALERT_DEDUPE_S=60",
                     "MAX_TOTAL_AT_RISK_PCT=25", "DAILY_STOP_PCT=3", "ORACLE_MAX_AGE_S=30", "RECONCILIATION_INTERVAL=900", "OUTBOX_RETENTION_DAYS=7" })
            Assert.Contains(expected, lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("TELEGRAM_BOT_TOKEN", StringComparison.Ordinal) || l.StartsWith("SIGNER_PRIVATE_KEY", StringComparison.Ordinal));
        Assert.Contains(fingerprint.Settings, s => s is { Name: "TELEGRAM_BOT_TOKEN", Value: "set", Secret: true });
        Assert.Contains(fingerprint.Settings, s => s is { Name: "OTEL_EXPORTER_OTLP_HEADERS", Value: "not set", Secret: true });
        Assert.Contains(fingerprint.Settings, s => s is { Name: "CHAIN_DEVNET_RPC_URLS", Value: "set", Secret: true });
        Assert.Contains(fingerprint.Settings, s => s is { Name: "SIGNER_PRIVATE_KEY", Value: "set", Secret: true });

        Assert.Equal(fingerprint.Hash, Fingerprint().Hash);
        Assert.Equal(fingerprint.Hash, Fingerprint(s => { s["TELEGRAM_BOT_TOKEN"] = "999:rotated"; s["SIGNER_PRIVATE_KEY"] = null; }).Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["EXECUTION_MODE"] = "PAPER").Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["DAILY_STOP_PCT"] = "2").Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["RECONCILIATION_INTERVAL"] = "600").Hash);
        // The trading desk, the wallet watcher and the oracle wiring are covered too, not only the rules.
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["TRADING_SLIPPAGE_BPS"] = "60").Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["WATCH_MAX_PER_USER"] = "5").Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["ORACLE_READ_TIMEOUT_S"] = "3").Hash);
        Assert.NotEqual(fingerprint.Hash, Fingerprint(s => s["ORACLE_DEX_QUOTE_USD"] = "500").Hash);
    }

    [Fact]
    public void ConfigShowsTheHashAndEverySettingButNeverASecretValue()
    {
        var fingerprint = Fingerprint();

        var parts = ConfigHandler.Render(fingerprint);

        var text = string.Concat(parts);
        Assert.Contains($"<b>Configuration</b>, hash <code>{fingerprint.Hash}</code>", parts[0]);
        Assert.All(parts, p => Assert.True(p.Length <= ConfigHandler.MaxPartLength, $"part of {p.Length} characters"));
        foreach (var setting in fingerprint.Settings)
            Assert.Contains($"{setting.Name}={(setting.Value.Length == 0 ? "(empty)" : setting.Value)}", text);
        Assert.Contains("TELEGRAM_BOT_TOKEN=set", text);
        Assert.Contains("TELEGRAM_WEBHOOK_SECRET=set", text);
        Assert.DoesNotContain(BotToken, text);
        Assert.DoesNotContain(SignerKey[2..], text);
        Assert.DoesNotContain(AppHost.WebhookSecret, text);
    }

    [Fact]
    public async Task AChangedHashAtStartIsAnnouncedOnceInTheAdminChat()
    {
        await (await fixture.Tables().GetAsync(ConfigHashTracker.TableName, default)).DeleteAsync("config", "current");
        var before = Fingerprint();
        var after = Fingerprint(s => { s["EXECUTION_MODE"] = "PAPER"; s["MAX_POSITIONS"] = "4"; });
        var notifier = new RecordingNotifier();
        ConfigHashTracker Tracker(ConfigurationFingerprint fingerprint) => new(fixture.Tables(), fingerprint, notifier,
            Options.Create(new ChainTraderOptions { AdminUserIds = "2002,2003", AdminChatId = "-1005550002" }), TimeProvider.System, NullLogger<ConfigHashTracker>.Instance);

        Assert.Equal(ConfigHashOutcome.FirstSeen, await Tracker(before).CompareAsync(default));
        Assert.Equal(ConfigHashOutcome.Unchanged, await Tracker(before).CompareAsync(default));
        Assert.Empty(notifier.Messages);

        // Two instances start with the new configuration at once: both may enqueue, with one dedupe key in the admin chat.
        var outcomes = await Task.WhenAll(Tracker(after).CompareAsync(default), Tracker(after).CompareAsync(default));
        Assert.Contains(ConfigHashOutcome.Changed, outcomes);
        Assert.Equal(ConfigHashOutcome.Unchanged, await Tracker(after).CompareAsync(default));

        var keys = notifier.Messages.Select(m => (m.ChatId, m.DedupeKey)).Distinct().ToArray();
        var key = $"config:{before.ShortHash}:{after.ShortHash}:1";
        Assert.Equal([(-1005550002L, key)], keys);
        var html = notifier.Messages.First().Html;
        Assert.Contains($"Hash <code>{before.ShortHash}</code> → <code>{after.ShortHash}</code>", html);
        Assert.Contains("EXECUTION_MODE: DRY_RUN → PAPER", html);
        Assert.Contains("MAX_POSITIONS: 5 → 4", html);

        // Going back is a change too, announced under its own key.
        Assert.Equal(ConfigHashOutcome.Changed, await Tracker(before).CompareAsync(default));
        Assert.Contains(notifier.Messages, m => m.DedupeKey == $"config:{after.ShortHash}:{before.ShortHash}:2");
    }
}
