// Entry point of bin/ccr_syncer; everything else is in SyncerProgram so tests can run it in-process.
return await Syncer.SyncerProgram.RunAsync(args, Console.Out, Console.Error);
