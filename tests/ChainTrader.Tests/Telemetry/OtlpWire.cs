namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// Reads the few OTLP protobuf fields the tests check, straight from the wire format (opentelemetry-proto):
/// ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2) → Span
/// {trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6}; ExportMetricsServiceRequest.resource_metrics(1) →
/// ResourceMetrics.scope_metrics(2) → ScopeMetrics.metrics(2) → Metric.name(1).
/// </summary>
public static class OtlpWire
{
    public static IEnumerable<OtlpSpan> Spans(byte[] exportTraceRequest) =>
        from resourceSpans in Messages(exportTraceRequest, 1)
        from scopeSpans in Messages(resourceSpans, 2)
        from span in Messages(scopeSpans, 2)
        select new OtlpSpan(
            Convert.ToHexStringLower(Bytes(span, 1)), Convert.ToHexStringLower(Bytes(span, 2)), Convert.ToHexStringLower(Bytes(span, 4)),
            System.Text.Encoding.UTF8.GetString(Bytes(span, 5)), (int)Varint(span, 6));

    public static IEnumerable<string> MetricNames(byte[] exportMetricsRequest) =>
        from resourceMetrics in Messages(exportMetricsRequest, 1)
        from scopeMetrics in Messages(resourceMetrics, 2)
        from metric in Messages(scopeMetrics, 2)
        select System.Text.Encoding.UTF8.GetString(Bytes(metric, 1));

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Field == field && f.WireType == 2).Select(f => f.Bytes!);

    private static byte[] Bytes(byte[] message, int field) =>
        Fields(message).FirstOrDefault(f => f.Field == field && f.WireType == 2).Bytes ?? [];

    private static ulong Varint(byte[] message, int field) =>
        Fields(message).FirstOrDefault(f => f.Field == field && f.WireType == 0).Value;

    private static List<(int Field, int WireType, ulong Value, byte[]? Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, int, ulong, byte[]?)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var field = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0: fields.Add((field, wireType, ReadVarint(message, ref position), null)); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = checked((int)ReadVarint(message, ref position));
                    fields.Add((field, wireType, 0, message[position..(position + length)]));
                    position += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wireType} at byte {position}.");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
