namespace MiniDoris.Fe;

/// <summary>One FE config item as ADMIN SHOW FRONTEND CONFIG lists it.</summary>
public sealed record FrontendConfigEntry(string Key, string DefaultValue, string Type, bool IsMutable, bool MasterOnly, string Comment);
