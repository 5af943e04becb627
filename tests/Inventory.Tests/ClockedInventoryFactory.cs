using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Integration.Inventory.Tests;

/// <summary>The service on a fake clock: tests move time (cart holds expire, the sweep's timer fires) by advancing it.</summary>
public sealed class ClockedInventoryFactory : InventoryFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public ClockedInventoryFactory()
    {
        Set("Inventory:Reservations:SweepInterval", "00:00:05");
        Set("Inventory:Channels:web:ReservationTiming", "AtCart");
        Set("Inventory:Channels:web:CartHoldMinutes", "15");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
