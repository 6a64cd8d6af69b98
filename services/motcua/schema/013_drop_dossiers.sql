-- The `dossiers` aggregate (011) was kept up to date on every write and never read. Its min/max
-- cannot say "the latest recorded receipt wins" (motcua.dossier); reporting folds dossier_facts.
DROP TABLE IF EXISTS {db}.dossiers_mv SYNC;
DROP TABLE IF EXISTS {db}.dossiers SYNC;
