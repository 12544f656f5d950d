namespace Syncer.Configuration;

/// <summary>
/// One command-line flag: its name, type, default (as the text Go's flag package would print) and how a
/// parsed value is stored into <see cref="SyncerOptions"/>.
/// </summary>
public sealed record FlagDefinition(
    string Name,
    FlagKind Kind,
    string DefaultText,
    string Usage,
    Action<SyncerOptions, object> Apply)
{
    /// <summary>True for the <c>feature_*</c> switches listed by <c>/features</c>.</summary>
    public bool IsFeature => Kind == FlagKind.Bool && Name.StartsWith("feature", StringComparison.Ordinal);
}
