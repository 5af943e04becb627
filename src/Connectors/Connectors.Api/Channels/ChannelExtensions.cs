namespace Integration.Connectors.Channels;

public static class ChannelExtensions
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Dictionary<string, ChannelOptions>>(builder.Configuration.GetSection("Connectors:Channels"));
        builder.Services.AddSingleton<ChannelRegistry>();
        return builder;
    }
}
