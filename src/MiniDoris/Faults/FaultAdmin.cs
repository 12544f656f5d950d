using MiniDoris.Fe;
using MiniDoris.Fe.Backup;
using MiniDoris.Fe.Qe;

namespace MiniDoris.Faults;

/// <summary>ADMIN SET FRONTEND CONFIG ("minidoris.fault.*" = "..."): arms faults or runs the one-shot actions.</summary>
internal static class FaultAdmin
{
    public static void Apply(StatementContext ctx, string key, string value)
    {
        switch (key)
        {
            case FaultNames.Clear:
                ctx.Faults.Clear();
                return;
            case FaultNames.ExpireSnapshot:
                BackupHandler.ExpireNow(ctx.State, value);
                return;
            case FaultNames.MoveMaster:
                if (value.Equals("next", StringComparison.OrdinalIgnoreCase))
                {
                    ctx.Options.MoveMaster();
                }
                else if (int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var fe))
                {
                    ctx.Options.MoveMaster(fe);
                }
                else
                {
                    throw DorisErrors.Generic($"Invalid value: {value} for config: {key}");
                }

                return;
            case FaultNames.GcBinlogs:
                var all = value.Equals("all", StringComparison.OrdinalIgnoreCase);
                if (!all && !value.Equals("now", StringComparison.OrdinalIgnoreCase))
                {
                    throw DorisErrors.Generic($"Invalid value: {value} for config: {key}");
                }

                ctx.State.Binlogs.Gc(ctx.State.NowMs(), ctx.State, all || ctx.State.Config.GetBool(FrontendConfig.EnableRecycleBinlogImmediately));
                ctx.State.Dirty = true;
                return;
        }

        if (!IsKnown(key))
        {
            throw DorisErrors.Generic($"Config '{key}' does not exist");
        }

        try
        {
            ctx.Faults.Set(key, value);
        }
        catch (FormatException e)
        {
            throw DorisErrors.Generic($"Invalid value: {value} for config: {key} ({e.Message})");
        }
    }

    private static bool IsKnown(string key) =>
        key is FaultNames.NotMaster or FaultNames.PublishTimeout or FaultNames.BackupJob or FaultNames.RestoreJob
        || (key.StartsWith(FaultNames.RpcPrefix, StringComparison.Ordinal) && key.Length > FaultNames.RpcPrefix.Length)
        || (key.StartsWith(FaultNames.HttpPrefix, StringComparison.Ordinal) && key.Length > FaultNames.HttpPrefix.Length)
        || (key.StartsWith(FaultNames.SqlPrefix, StringComparison.Ordinal) && key.Length > FaultNames.SqlPrefix.Length);
}
