using System.Security.Cryptography;
using System.Text;

namespace MiniDoris.Fe.Auth;

/// <summary>
/// Users, passwords and privileges. <c>root</c> (empty password) and <c>admin</c> hold every privilege, as in
/// Doris; other users get what GRANT gave them.
/// </summary>
public sealed class AuthManager
{
    private readonly List<UserAccount> _users;

    public AuthManager(List<UserAccount> users)
    {
        _users = users;
        if (!_users.Any(u => u.Name == "root"))
        {
            _users.Add(new UserAccount { Name = "root" });
        }

        if (!_users.Any(u => u.Name == "admin"))
        {
            _users.Add(new UserAccount { Name = "admin" });
        }
    }

    public IReadOnlyList<UserAccount> Users => _users;

    public static bool IsSuperUser(string user) => user is "root" or "admin";

    public UserAccount? Find(string user) => _users.FirstOrDefault(u => u.Name == user);

    /// <summary>SHA1(SHA1(password)) as stored, the value mysql_native_password verification needs.</summary>
    public static byte[] DoubleSha1(string password) =>
        password.Length == 0 ? [] : SHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>Checks a plain password (Thrift requests carry it in clear).</summary>
    public bool CheckPassword(string user, string password)
    {
        var account = Find(user);
        return account is not null && account.PasswordDoubleSha1 == Convert.ToHexString(DoubleSha1(password));
    }

    /// <summary>
    /// Checks a mysql_native_password scramble: the client sends SHA1(pw) XOR SHA1(salt + SHA1(SHA1(pw))).
    /// An empty password matches an empty response.
    /// </summary>
    public bool CheckNativeScramble(string user, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> response)
    {
        var account = Find(user);
        if (account is null)
        {
            return false;
        }

        if (account.PasswordDoubleSha1.Length == 0)
        {
            return response.Length == 0;
        }

        if (response.Length != 20)
        {
            return false;
        }

        var stored = Convert.FromHexString(account.PasswordDoubleSha1);
        var buffer = new byte[salt.Length + stored.Length];
        salt.CopyTo(buffer);
        stored.CopyTo(buffer.AsSpan(salt.Length));
        var mask = SHA1.HashData(buffer);
        var sha1 = new byte[20];
        for (var i = 0; i < 20; i++)
        {
            sha1[i] = (byte)(response[i] ^ mask[i]);
        }

        return SHA1.HashData(sha1).AsSpan().SequenceEqual(stored);
    }

    public void CreateUser(string user, string host, string? password, bool ifNotExists)
    {
        if (Find(user) is not null)
        {
            if (ifNotExists)
            {
                return;
            }

            throw DorisErrors.Generic($"User '{user}'@'{host}' already exists");
        }

        _users.Add(new UserAccount
        {
            Name = user,
            Host = host,
            PasswordDoubleSha1 = Convert.ToHexString(DoubleSha1(password ?? string.Empty)),
        });
    }

    public void DropUser(string user, bool ifExists)
    {
        if (IsSuperUser(user))
        {
            throw DorisErrors.Generic($"Can not drop user {user}");
        }

        if (_users.RemoveAll(u => u.Name == user) == 0 && !ifExists)
        {
            throw DorisErrors.Generic($"User '{user}'@'%' does not exist");
        }
    }

    public void Grant(string user, IEnumerable<string> privileges, string db, string table)
    {
        var account = Find(user) ?? throw DorisErrors.Generic($"user '{user}'@'%' does not exist");
        var grant = account.Grants.FirstOrDefault(g => g.Db == db && g.Table == table);
        if (grant is null)
        {
            grant = new PrivilegeGrant { Db = db, Table = table };
            account.Grants.Add(grant);
        }

        foreach (var p in privileges.SelectMany(Privilege.Normalize))
        {
            if (!grant.Privileges.Contains(p))
            {
                grant.Privileges.Add(p);
            }
        }
    }

    /// <summary>True when <paramref name="user"/> holds <paramref name="privilege"/> on db.table (or globally).</summary>
    public bool HasPrivilege(string user, string privilege, string? db = null, string? table = null)
    {
        if (IsSuperUser(user))
        {
            return true;
        }

        var account = Find(user);
        if (account is null)
        {
            return false;
        }

        return account.Grants.Any(g =>
            (g.Privileges.Contains(privilege) || g.Privileges.Contains(Privilege.Admin))
            && (g.Db == "*" || (db is not null && g.Db == db))
            && (g.Table == "*" || (table is not null && g.Table == table)));
    }

    /// <summary>True when the user has any privilege at all on the database (enough to see it in SHOW DATABASES).</summary>
    public bool HasAnyPrivilegeOnDb(string user, string db) =>
        IsSuperUser(user) || (Find(user)?.Grants.Any(g => g.Db == "*" || g.Db == db) ?? false);
}
