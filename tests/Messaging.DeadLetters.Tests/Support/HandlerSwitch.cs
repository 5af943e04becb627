namespace Integration.Messaging.DeadLetters.Tests.Support;

/// <summary>The "cause" of a poison message: while set, <see cref="SwitchedHandler"/> fails with this error.</summary>
public sealed class HandlerSwitch
{
    private volatile Failure? _failure;

    public Failure? Current => _failure;

    public void Break(string error, bool permanent = false) => _failure = new Failure(error, permanent);

    public void Fix() => _failure = null;

    public sealed record Failure(string Error, bool Permanent);
}
