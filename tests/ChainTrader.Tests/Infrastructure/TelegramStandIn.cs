using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// The Telegram stand-in (devnet/telegram-standin) as a child process on a free loopback port: the app's
/// TELEGRAM_API_BASE_URL points at <see cref="BaseUrl"/>; tests read what the bot did and act as users through the
/// control API. Flood limits are COUNT/WINDOW_MS strings or "off" (see the stand-in's README).
/// </summary>
public sealed class TelegramStandIn : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _control;

    private TelegramStandIn(ChildProcess process, string token)
    {
        _process = process;
        Token = token;
        BaseUrl = new Uri(process.Ready.GetProperty("baseUrl").GetString()!);
        ChatUrl = new Uri(process.Ready.GetProperty("chatUrl").GetString()!);
        ControlUrl = new Uri(process.Ready.GetProperty("controlUrl").GetString()!.TrimEnd('/') + "/");
        _control = new HttpClient { BaseAddress = ControlUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The token of <see cref="AppHost.BaseSettings"/>, so an app started with those settings is accepted.</summary>
    public static string DefaultToken => AppHost.BaseSettings()["TELEGRAM_BOT_TOKEN"]!;

    public string Token { get; }
    public Uri BaseUrl { get; }
    public Uri ChatUrl { get; }
    public Uri ControlUrl { get; }
    public string RecentOutput => _process.RecentOutput;

    public static async Task<TelegramStandIn> StartAsync(string? token = null, Uri? webhookUrl = null, string? webhookSecret = null,
        string? globalLimit = null, string? chatLimit = null, string? groupLimit = null, bool? countEdits = null)
    {
        token ??= DefaultToken;
        var args = new List<string> { Path.Combine("telegram-standin", "server.js"), "--token", token };
        if (webhookUrl is not null) args.AddRange(["--webhook-url", webhookUrl.AbsoluteUri]);
        if (webhookSecret is not null) args.AddRange(["--webhook-secret", webhookSecret]);
        if (globalLimit is not null) args.AddRange(["--global-limit", globalLimit]);
        if (chatLimit is not null) args.AddRange(["--chat-limit", chatLimit]);
        if (groupLimit is not null) args.AddRange(["--group-limit", groupLimit]);
        if (countEdits is { } edits) args.AddRange(["--count-edits", edits ? "true" : "false"]);
        var process = await ChildProcess.StartAsync("node", args, RepoPaths.Devnet, TimeSpan.FromSeconds(30));
        return new TelegramStandIn(process, token);
    }

    /// <summary>Settings for <see cref="AppHost.StartAsync"/> that point the app's Bot API client here.</summary>
    public Dictionary<string, string?> AppSettings(string? storageConnectionString = null)
    {
        var settings = AppHost.BaseSettings();
        settings["TELEGRAM_BOT_TOKEN"] = Token;
        settings["TELEGRAM_API_BASE_URL"] = BaseUrl.AbsoluteUri;
        if (storageConnectionString is not null) settings["AzureWebJobsStorage"] = storageConnectionString;
        return settings;
    }

    public async Task<IReadOnlyList<StandInCall>> CallsAsync(string? method = null, long? chatId = null, long since = 0)
    {
        var query = new List<string>();
        if (method is not null) query.Add("method=" + Uri.EscapeDataString(method));
        if (chatId is { } chat) query.Add("chat_id=" + chat.ToString(CultureInfo.InvariantCulture));
        if (since > 0) query.Add("since=" + since.ToString(CultureInfo.InvariantCulture));
        using var document = await GetAsync("calls" + (query.Count == 0 ? "" : "?" + string.Join('&', query)));
        return document.RootElement.GetProperty("calls").EnumerateArray().Select(ParseCall).ToArray();
    }

    public async Task<IReadOnlyList<StandInMessage>> MessagesAsync(long chatId)
    {
        using var document = await GetAsync($"chats/{chatId.ToString(CultureInfo.InvariantCulture)}/messages");
        return document.RootElement.GetProperty("messages").EnumerateArray().Select(m => new StandInMessage(
            m.GetProperty("message_id").GetInt64(),
            m.GetProperty("sender").GetString()!,
            m.GetProperty("from_id").GetInt64(),
            m.GetProperty("text").GetString()!,
            m.GetProperty("html").GetString()!,
            m.GetProperty("edited").GetBoolean(),
            m.GetProperty("buttons").EnumerateArray().Select(row => (IReadOnlyList<(string, string?)>)row.EnumerateArray()
                .Select(b => (b.GetProperty("text").GetString()!, b.TryGetProperty("callback_data", out var d) ? d.GetString() : null)).ToArray()).ToArray()))
            .ToArray();
    }

    /// <summary>The bot's messages in one chat (what a user sees from the bot), oldest first.</summary>
    public async Task<IReadOnlyList<StandInMessage>> BotMessagesAsync(long chatId) =>
        (await MessagesAsync(chatId)).Where(m => m.Sender == "bot").ToArray();

    public async Task<IReadOnlyList<StandInViolation>> ViolationsAsync()
    {
        using var document = await GetAsync("violations");
        return document.RootElement.GetProperty("violations").EnumerateArray().Select(v => new StandInViolation(
            DateTimeOffset.Parse(v.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
            v.GetProperty("method").GetString()!,
            v.GetProperty("chat_id").GetInt64(),
            v.GetProperty("rule").GetString()!,
            v.GetProperty("limit").GetString()!,
            v.GetProperty("retry_after").GetInt32())).ToArray();
    }

    /// <summary>A user types <paramref name="text"/> (private chat: chatId = fromId; negative chatId: a group).</summary>
    public async Task<StandInUpdate> SendUserMessageAsync(long chatId, long fromId, string text, bool wait = false, string? firstName = null, string? username = null)
    {
        var body = new Dictionary<string, object?> { ["chat_id"] = chatId, ["from_id"] = fromId, ["text"] = text, ["wait"] = wait };
        if (firstName is not null) body["first_name"] = firstName;
        if (username is not null) body["username"] = username;
        using var document = await PostAsync("send", body);
        return ParseUpdate(document.RootElement);
    }

    /// <summary>A user presses the button with <paramref name="callbackData"/> on the bot's message.</summary>
    public async Task<StandInUpdate> PressButtonAsync(long chatId, long fromId, long messageId, string callbackData, bool wait = false)
    {
        using var document = await PostAsync("press", new Dictionary<string, object?>
        {
            ["chat_id"] = chatId, ["from_id"] = fromId, ["message_id"] = messageId, ["data"] = callbackData, ["wait"] = wait,
        });
        return ParseUpdate(document.RootElement);
    }

    /// <summary>Changes flood limits at run time ("COUNT/WINDOW_MS" or "off"; null keeps a limit as it is).</summary>
    public async Task SetLimitsAsync(string? global = null, string? chat = null, string? group = null, bool? countEdits = null)
    {
        var body = new Dictionary<string, object?>();
        if (global is not null) body["global"] = global;
        if (chat is not null) body["chat"] = chat;
        if (group is not null) body["group"] = group;
        if (countEdits is not null) body["count_edits"] = countEdits;
        using var _ = await PostAsync("limits", body);
    }

    /// <summary>Bot, webhook, limits and default commands (GET /_standin/info).</summary>
    public async Task<JsonElement> InfoAsync()
    {
        using var document = await GetAsync("info");
        return document.RootElement.Clone();
    }

    /// <summary>The command names <paramref name="userId"/> sees in the menu of <paramref name="chatId"/> (GET /_standin/commands).</summary>
    public async Task<IReadOnlyList<string>> MenuAsync(long chatId, long userId)
    {
        using var document = await GetAsync($"commands?chat_id={chatId}&user_id={userId}");
        return [.. document.RootElement.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()!)];
    }

    /// <summary>Upgrades group <paramref name="chatId"/> to a supergroup: Telegram then refuses the old id and names the new one.</summary>
    public async Task MigrateChatAsync(long chatId, long toChatId)
    {
        using var _ = await PostAsync($"chats/{chatId}/migrate", new Dictionary<string, object?> { ["to_chat_id"] = toChatId });
    }

    public async Task ResetAsync()
    {
        using var _ = await PostAsync("reset", new Dictionary<string, object?>());
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the calls recorded so far, or fails with what was seen.</summary>
    public async Task<IReadOnlyList<StandInCall>> WaitForCallsAsync(Func<IReadOnlyList<StandInCall>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var calls = await CallsAsync();
            if (condition(calls)) return calls;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; the stand-in recorded {calls.Count} calls " +
                                           $"({calls.Count(c => c.Ok)} ok). Last lines:\n{RecentOutput[Math.Max(0, RecentOutput.Length - 2000)..]}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await _control.GetAsync(path);
        return await ReadAsync(response, $"GET {path}");
    }

    private async Task<JsonDocument> PostAsync(string path, Dictionary<string, object?> body)
    {
        var json = JsonSerializer.Serialize(body.ToDictionary(p => p.Key, p => ToJson(p.Value)));
        using var response = await _control.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await ReadAsync(response, $"POST {path}");
    }

    private static JsonElement ToJson(object? value) => value switch
    {
        null => JsonDocument.Parse("null").RootElement,
        string s => JsonSerializer.SerializeToElement(s),
        long l => JsonSerializer.SerializeToElement(l),
        bool b => JsonSerializer.SerializeToElement(b),
        _ => throw new ArgumentException($"Control API values are strings, integers or booleans, not {value.GetType().Name}."),
    };

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Stand-in control {what} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static StandInCall ParseCall(JsonElement c) => new(
        c.GetProperty("seq").GetInt64(),
        DateTimeOffset.Parse(c.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
        c.GetProperty("method").GetString()!,
        c.TryGetProperty("params", out var p) ? p.Clone() : default,
        c.GetProperty("status").GetInt32(),
        c.GetProperty("ok").GetBoolean(),
        c.TryGetProperty("result", out var r) ? r.Clone() : null,
        c.TryGetProperty("error_code", out var e) ? e.GetInt32() : null,
        c.TryGetProperty("description", out var d) ? d.GetString() : null,
        c.TryGetProperty("parameters", out var pr) && pr.ValueKind == JsonValueKind.Object && pr.TryGetProperty("retry_after", out var ra) ? ra.GetInt32() : null);

    private static StandInUpdate ParseUpdate(JsonElement root) => new(
        root.GetProperty("update_id").GetInt64(),
        root.TryGetProperty("message_id", out var m) ? m.GetInt64() : null,
        root.TryGetProperty("callback_query_id", out var q) ? q.GetString() : null,
        root.TryGetProperty("delivery", out var d) ? d.Clone() : null);

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await _process.DisposeAsync();
    }
}
