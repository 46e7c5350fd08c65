using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.UnitTests.Telemetry;

public class TraceContextTests
{
    private static readonly ActivityContext Sample = new(
        ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), ActivitySpanId.CreateFromString("00f067aa0ba902b7"),
        ActivityTraceFlags.Recorded, "vendor=abc", isRemote: true);

    [Fact]
    public void InjectedContextIsExtractedAgainWithItsState()
    {
        using var activity = new Activity("op").SetParentId(Sample.TraceId, Sample.SpanId, Sample.TraceFlags);
        activity.TraceStateString = "vendor=abc";
        activity.Start();

        var message = TraceContext.Inject(JsonSerializer.SerializeToElement(new { tradeId = "t-1" }), activity);

        Assert.Equal($"00-4bf92f3577b34da6a3ce929d0e0e4736-{activity.SpanId.ToHexString()}-01", message.GetProperty("traceparent").GetString());
        Assert.Equal("vendor=abc", message.GetProperty("tracestate").GetString());
        Assert.Equal("t-1", message.GetProperty("tradeId").GetString());
        var extracted = TraceContext.Extract(message);
        Assert.NotNull(extracted);
        Assert.Equal(activity.TraceId, extracted.Value.TraceId);
        Assert.Equal(activity.SpanId, extracted.Value.SpanId);
        Assert.Equal("vendor=abc", extracted.Value.TraceState);
        Assert.True(extracted.Value.IsRemote);
    }

    [Fact]
    public void ExistingTraceparentIsKeptAndNonObjectsPassUnchanged()
    {
        using var activity = new Activity("op").Start();
        var carried = JsonSerializer.SerializeToElement(new { traceparent = TraceContext.Format(Sample) });
        Assert.Equal(carried.GetRawText(), TraceContext.Inject(carried, activity).GetRawText());
        var text = JsonSerializer.SerializeToElement("plain text");
        Assert.Equal(text.GetRawText(), TraceContext.Inject(text, activity).GetRawText());
        var node = TraceContext.Inject(new JsonObject { ["traceparent"] = "kept" }, activity);
        Assert.Equal("kept", node["traceparent"]!.GetValue<string>());
    }

    [Fact]
    public void NoActivityMeansNothingInjected()
    {
        Activity.Current = null;
        var message = JsonSerializer.SerializeToElement(new { a = 1 });
        Assert.Equal(message.GetRawText(), TraceContext.Inject(message).GetRawText());
    }

    [Fact]
    public void ExtractReadsAMessageTheHostPassesAsJsonText()
    {
        var inner = JsonSerializer.Serialize(new { traceparent = TraceContext.Format(Sample), step = 2 });
        var extracted = TraceContext.Extract(JsonSerializer.SerializeToElement(inner));
        Assert.Equal(Sample.TraceId, extracted!.Value.TraceId);
        Assert.Equal(Sample.SpanId, extracted.Value.SpanId);
    }

    [Theory]
    [InlineData("""{ "traceparent": "not-a-traceparent" }""")]
    [InlineData("""{ "traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01" }""")]
    [InlineData("""{ "traceparent": 42 }""")]
    [InlineData("""{ "other": "field" }""")]
    [InlineData("""[1, 2]""")]
    [InlineData("\"{ not json\"")]
    [InlineData("\"plain text\"")]
    public void MalformedOrMissingContextIsNone(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(TraceContext.Extract(document.RootElement));
    }
}
