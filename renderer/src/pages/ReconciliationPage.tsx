import { useCallback, useEffect, useState } from 'react';
import { useDemoStatus } from '../app/useDemoStatus';
import { PageHeader } from '../components/PageLayout';
import { PlantedDiscrepancies } from '../components/PlantedDiscrepancies';
import { ReconciliationList } from '../components/recon/ReconciliationList';
import { ReconWorkspace } from '../components/recon/ReconWorkspace';
import { RunProgress } from '../components/recon/RunProgress';
import { StartReconciliation } from '../components/recon/StartReconciliation';

type View = { readonly kind: 'list' } | { readonly kind: 'running' | 'open'; readonly id: string };

const BASE = '#/reconciliation';

/** The reconciliation open in the workspace lives in the address (`#/reconciliation?id=…`), so it survives a reload. */
function idInAddress(): string | undefined {
  const query = window.location.hash.split('?', 2)[1];
  return new URLSearchParams(query ?? '').get('id') ?? undefined;
}

export function ReconciliationPage() {
  const demo = useDemoStatus();
  const [view, setView] = useState<View>(() => {
    const id = idInAddress();
    return id ? { kind: 'open', id } : { kind: 'list' };
  });

  useEffect(() => {
    const follow = () => {
      const id = idInAddress();
      setView((current) => (id ? { kind: 'open', id } : current.kind === 'open' ? { kind: 'list' } : current));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const open = useCallback((id: string) => {
    window.location.hash = `${BASE}?id=${encodeURIComponent(id)}`;
    setView({ kind: 'open', id });
  }, []);
  const backToList = useCallback(() => {
    if (window.location.hash !== BASE) window.location.hash = BASE;
    setView({ kind: 'list' });
  }, []);

  return (
    <div className="page recon-page">
      <PageHeader
        title="Reconciliation"
        description={
          view.kind === 'open'
            ? 'Review the flagged rows and decide each one; an approver then signs the period off.'
            : 'Month-end comparison of two systems’ records (or two exported files) for a period: what matched, and every mismatch flagged for a decision.'
        }
      />
      {view.kind === 'open' ? (
        <ReconWorkspace key={view.id} id={view.id} onBack={backToList} />
      ) : view.kind === 'running' ? (
        <RunProgress key={view.id} id={view.id} onReady={open} onBack={backToList} />
      ) : (
        <>
          <StartReconciliation onStarted={(id) => setView({ kind: 'running', id })} />
          <ReconciliationList onOpen={open} onFollow={(id) => setView({ kind: 'running', id })} />
          <PlantedDiscrepancies status={demo} />
        </>
      )}
    </div>
  );
}
