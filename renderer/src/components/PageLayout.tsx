import type { ReactNode } from 'react';
import type { PageId } from '../app/routes';
import { hrefFor } from '../app/routes';
import { PageIcon } from './icons';

export function PageHeader({
  title,
  description,
  actions,
}: {
  readonly title: string;
  readonly description: ReactNode;
  readonly actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        <p className="page-header__description">{description}</p>
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}

export interface NextStep {
  readonly page: PageId;
  readonly label: string;
  readonly detail: string;
}

/**
 * What a page shows while its engine has not shipped: what will live here, that nothing is here yet, and what the
 * person can usefully do instead. No sample rows: a finance user must never mistake a placeholder for their data.
 */
export function EmptyState({
  page,
  title,
  children,
  nextSteps,
}: {
  readonly page: PageId;
  readonly title: string;
  readonly children: ReactNode;
  readonly nextSteps: readonly NextStep[];
}) {
  return (
    <section className="empty-state" aria-labelledby={`${page}-empty-title`}>
      <div className="empty-state__icon">
        <PageIcon page={page} size={32} />
      </div>
      <h2 id={`${page}-empty-title`}>{title}</h2>
      <div className="empty-state__body">{children}</div>
      {nextSteps.length > 0 ? (
        <>
          <h3 className="empty-state__next-title">What you can do now</h3>
          <ul className="next-steps">
            {nextSteps.map((step) => (
              <li key={step.page + step.label}>
                <a className="next-step" href={hrefFor(step.page)}>
                  <PageIcon page={step.page} />
                  <span>
                    <span className="next-step__label">{step.label}</span>
                    <span className="next-step__detail">{step.detail}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export const reviewActivity: NextStep = {
  page: 'activity',
  label: 'Review the audit trail',
  detail: 'Every change made in this workspace, who made it and when, with a tamper check.',
};

export const setUpProfile: NextStep = {
  page: 'settings',
  label: 'Set your name and role',
  detail: 'Preparers propose corrections; approvers sign them off. Your name goes on every audit entry.',
};
