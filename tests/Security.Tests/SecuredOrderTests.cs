namespace Integration.Security.Tests;

/// <summary>
/// Tests against the real Order service with bearer authentication on: each test gets its own issuer and service
/// (a fresh database), so one test's tokens or orders never explain another's result.
/// </summary>
public abstract class SecuredOrderTests : IAsyncLifetime
{
    protected IdentityProvider Issuer { get; private set; } = null!;

    protected SecuredOrder Order { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Issuer = await IdentityProvider.StartAsync();
        Order = CreateOrder(Issuer);
    }

    public async Task DisposeAsync()
    {
        await Order.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    /// <summary>The service under test; a class overrides it to register clients or set an app token first.</summary>
    protected virtual SecuredOrder CreateOrder(IdentityProvider issuer) => new(issuer);
}
