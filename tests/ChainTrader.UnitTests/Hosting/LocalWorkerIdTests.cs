using ChainTrader.Functions.Hosting.Durable;

namespace ChainTrader.UnitTests.Hosting;

public class LocalWorkerIdTests
{
    private const string Nonce = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void An_id_reads_back_what_it_was_written_from_even_when_the_machine_name_has_dashes()
    {
        var id = new LocalWorkerId("ci-runner-7", 4242, 1_796_000_000_123, Nonce);
        Assert.Equal("ci-runner-7-4242-1796000000123-" + Nonce, id.ToString());
        Assert.Equal(id, LocalWorkerId.TryParse(id.ToString()));
    }

    [Fact]
    public void This_process_is_named_with_its_own_id_and_start_time_and_is_running()
    {
        var id = LocalWorkerId.ForThisProcess();
        Assert.Equal(Environment.ProcessId, id.ProcessId);
        Assert.Equal(id, LocalWorkerId.TryParse(id.ToString()));
        Assert.False(id.HasEnded(Environment.MachineName, LocalWorkerId.RunningProcessStart));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("host-12-34")] // the id shape of an earlier release: no start time, so its process cannot be told apart
    [InlineData("host-12-34-0123456789ABCDEF0123456789ABCDEF")] // nonce not as written
    [InlineData("host-x-34-0123456789abcdef0123456789abcdef")]
    [InlineData("-12-34-0123456789abcdef0123456789abcdef")]
    [InlineData("some-worker-of-the-functions-host")]
    public void Ids_of_another_shape_are_not_read(string? text) => Assert.Null(LocalWorkerId.TryParse(text));

    [Fact]
    public void A_process_has_ended_when_no_process_has_its_id_or_the_one_that_has_started_at_another_time()
    {
        var id = new LocalWorkerId("desk", 4242, 1_000_000, Nonce);
        Assert.True(id.HasEnded("desk", _ => null));
        Assert.True(id.HasEnded("DESK", _ => 1_000_000 + 5_000)); // the id was reused by a later process
        Assert.False(id.HasEnded("desk", _ => 1_000_000));
        Assert.False(id.HasEnded("desk", _ => 1_000_000 + 400)); // the same process, its start read with rounding
    }

    [Fact]
    public void A_process_of_another_machine_is_never_taken_for_ended()
        => Assert.False(new LocalWorkerId("other-host", 4242, 1_000_000, Nonce).HasEnded("desk", _ => null));
}
