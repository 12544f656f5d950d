namespace Syncer.Configuration;

/// <summary>What the command line asked for: run with options, print help, or print the version.</summary>
public sealed record FlagParseResult(SyncerOptions Options, bool HelpRequested);
