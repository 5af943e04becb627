using Integration.Messaging.Inbox;

namespace Integration.Messaging.Tests;

public sealed class TraceParentTests
{
    private const string EventSpan = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string DeliveryInSameTrace = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
    private const string DeliveryInOtherTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void A_delivery_span_that_continues_the_event_trace_is_the_parent() =>
        Assert.Equal(DeliveryInSameTrace, EventEndpoints.ParentOf(EventSpan, DeliveryInSameTrace));

    [Fact]
    public void A_delivery_span_from_another_trace_does_not_pull_the_event_out_of_its_trace() =>
        Assert.Equal(EventSpan, EventEndpoints.ParentOf(EventSpan, DeliveryInOtherTrace));

    [Theory]
    [InlineData(null, DeliveryInOtherTrace, DeliveryInOtherTrace)]
    [InlineData(EventSpan, null, EventSpan)]
    [InlineData(null, null, null)]
    public void Whichever_exists_is_used_when_one_is_missing(string? evt, string? delivery, string? expected) =>
        Assert.Equal(expected, EventEndpoints.ParentOf(evt, delivery));
}
