namespace MiniDoris.MySql;

/// <summary>Looks up accounts for the server's login check.</summary>
public interface IMySqlUserStore
{
    /// <summary>The credential of <paramref name="user"/> connecting from <paramref name="clientHost"/>, or null if no such account.</summary>
    ValueTask<MySqlUserCredential?> FindAsync(string user, string clientHost, CancellationToken cancellationToken);
}
