namespace MiniDoris.Fe.Auth;

/// <summary>A user and its privileges. The password is kept as SHA1(SHA1(password)), enough to check both
/// mysql_native_password scrambles and the plain passwords of Thrift requests.</summary>
public sealed class UserAccount
{
    public string Name { get; set; } = string.Empty;

    public string Host { get; set; } = "%";

    /// <summary>Hex SHA1(SHA1(password)); empty for no password.</summary>
    public string PasswordDoubleSha1 { get; set; } = string.Empty;

    public List<PrivilegeGrant> Grants { get; set; } = [];
}
