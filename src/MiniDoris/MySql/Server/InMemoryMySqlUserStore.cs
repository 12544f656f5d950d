using System.Collections.Concurrent;

namespace MiniDoris.MySql;

/// <summary>A thread-safe user table keyed by user name (any client host), for emulators and tests.</summary>
public sealed class InMemoryMySqlUserStore : IMySqlUserStore
{
    private readonly ConcurrentDictionary<string, MySqlUserCredential> _users = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a user with a plaintext password (empty for none).</summary>
    public InMemoryMySqlUserStore Set(string user, string password) => Set(user, MySqlUserCredential.FromPassword(password));

    public InMemoryMySqlUserStore Set(string user, MySqlUserCredential credential)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(credential);
        _users[user] = credential;
        return this;
    }

    public bool Remove(string user) => _users.TryRemove(user, out _);

    public ValueTask<MySqlUserCredential?> FindAsync(string user, string clientHost, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_users.TryGetValue(user, out var credential) ? credential : null);
}
