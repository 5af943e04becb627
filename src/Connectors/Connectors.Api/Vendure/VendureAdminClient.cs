using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Connectors.Channels;

namespace Integration.Connectors.Vendure;

/// <summary>
/// Vendure's Admin GraphQL API for one channel: logs in with the channel's user and password (bearer token from the
/// <c>vendure-auth-token</c> header), keeps the token per channel and logs in again once when Vendure answers FORBIDDEN
/// (a restarted Vendure forgets its sessions). GraphQL errors become <see cref="VendureApiException"/> with Vendure's answer.
/// </summary>
internal sealed partial class VendureAdminClient(HttpClient http, VendureSessions sessions, string channelName, ChannelOptions channel, ILogger logger)
{
    public const string HttpClientName = "vendure";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ChannelName => channelName;

    /// <summary>Runs <paramref name="query"/> and returns its <c>data</c> member.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await sessions.TokenAsync(channelName, () => LoginAsync(ct));
            using var response = await PostAsync(query, variables, token, ct);
            using var body = await ReadAsync(response, ct);
            if (body.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
            {
                if (attempt == 0 && IsForbidden(errors))
                {
                    LogLoginAgain(logger, channelName);
                    sessions.Forget(channelName, token);
                    continue;
                }

                throw new VendureApiException($"Vendure ({channelName}) answered {Operation(query)} with errors: {errors.GetRawText()}", errors.GetRawText());
            }

            return body.RootElement.GetProperty("data").Clone();
        }
    }

    /// <summary>As <see cref="QueryAsync"/>, deserialising <c>data.&lt;field&gt;</c>.</summary>
    public async Task<T> QueryAsync<T>(string query, object? variables, string field, CancellationToken ct)
    {
        var data = await QueryAsync(query, variables, ct);
        return data.GetProperty(field).Deserialize<T>(Json)
            ?? throw new VendureApiException($"Vendure ({channelName}) answered {Operation(query)} without {field}", data.GetRawText());
    }

    private async Task<string> LoginAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(channel.ApiUser) || string.IsNullOrEmpty(channel.ApiPassword))
        {
            throw new VendureApiException($"channel {channelName} has no ApiUser/ApiPassword for Vendure's Admin API", string.Empty);
        }

        using var response = await PostAsync(VendureQueries.Login, new { username = channel.ApiUser, password = channel.ApiPassword }, null, ct);
        using var body = await ReadAsync(response, ct);
        var login = body.RootElement.GetProperty("data").GetProperty("login");
        if (login.TryGetProperty("errorCode", out var code))
        {
            // The answer names the error only; the credentials themselves are never logged.
            throw new VendureApiException($"Vendure ({channelName}) refused the login: {code.GetString()}", login.GetRawText());
        }

        return response.Headers.TryGetValues("vendure-auth-token", out var values) && values.FirstOrDefault() is { Length: > 0 } token
            ? token
            : throw new VendureApiException($"Vendure ({channelName}) sent no vendure-auth-token on login (authOptions.tokenMethod must include 'bearer')", string.Empty);
    }

    private async Task<HttpResponseMessage> PostAsync(string query, object? variables, string? token, CancellationToken ct)
    {
        var address = channel.ApiUrl ?? throw new VendureApiException($"channel {channelName} has no ApiUrl (Vendure's Admin API address)", string.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = JsonContent.Create(new { query, variables }, options: Json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new VendureApiException($"Vendure ({channelName}) answered HTTP {(int)response.StatusCode}: {Truncate(text)}", text) { Transient = true };
        }

        return response;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    private static bool IsForbidden(JsonElement errors) =>
        errors.EnumerateArray().Any(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) && c.GetString() == "FORBIDDEN");

    private static string Operation(string query)
    {
        var brace = query.IndexOf('{', StringComparison.Ordinal);
        return (brace > 0 ? query[..brace] : query).Trim();
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Vendure channel {Channel}: session expired (FORBIDDEN), logging in again")]
    private static partial void LogLoginAgain(ILogger logger, string channel);
}

/// <summary>Bearer tokens per Vendure channel, shared by the poller and the availability pushes.</summary>
internal sealed class VendureSessions
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new(StringComparer.Ordinal);

    public async Task<string> TokenAsync(string channel, Func<Task<string>> login)
    {
        var lazy = _tokens.GetOrAdd(channel, _ => new Lazy<Task<string>>(login));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed login is not cached: the next call tries again.
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(channel, lazy));
            throw;
        }
    }

    public void Forget(string channel, string token)
    {
        if (_tokens.TryGetValue(channel, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result == token)
        {
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(channel, lazy));
        }
    }
}

/// <summary>Vendure refused or failed a call; <see cref="Answer"/> is what it said (for dead letters and exceptions).</summary>
internal sealed class VendureApiException(string message, string answer) : Exception(message)
{
    public string Answer { get; } = answer;

    /// <summary>True for HTTP-level failures (unreachable, 5xx) that a later attempt may get past.</summary>
    public bool Transient { get; init; }
}
