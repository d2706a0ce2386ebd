// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentsTable, type Figures } from './deployments-table';

const host = document.createElement('div');
document.body.append(host);
afterEach(() => render(null, host));

const deployment = (id: number, name: string, status: string) => ({
  id,
  ownerId: 1,
  name,
  strategyId: 1,
  strategyVersion: 1,
  brokerAccountId: 1,
  riskProfileId: null,
  mode: 'paper' as const,
  status: status as 'running',
  params: {},
  symbols: ['NSE:TCS', 'NSE:INFY'],
  timeframe: '5m' as const,
  product: 'INTRADAY' as const,
  capital: '250000',
  error: null,
  errorStack: null,
  createdAt: '2026-01-05T03:45:00.000Z',
  updatedAt: '2026-01-05T03:50:00.000Z',
  lastBarAt: id === 1 ? '2026-01-05T04:05:00.000Z' : null,
  lastSignalAt: id === 1 ? '2026-01-05T04:06:01.000Z' : null,
});

const figures = (deploymentId: number, dayPnl: string, openPositions: number): Figures => ({
  deploymentId,
  name: '',
  status: 'running',
  brokerAccountId: 1,
  capital: '250000',
  realisedPnl: '0',
  unrealisedPnl: '0',
  dayPnl,
  costs: '0',
  netPnl: dayPnl,
  grossExposure: '0',
  netExposure: '0',
  openPositions,
  unmarked: 0,
  openOrders: 2,
  markedAt: null,
});

const deployments = [deployment(1, 'trend', 'running'), deployment(2, '', 'stopped')];
const byId = new Map([[1, figures(1, '-1234.50', 3)]]);

describe('DeploymentsTable', () => {
  it('shows state, P&L today and counts, and offers operators the transitions the state accepts', () => {
    render(
      <DeploymentsTable
        deployments={deployments}
        figures={byId}
        selected={1}
        operator
        onChanged={() => {}}
      />,
      host,
    );
    const rows = [...host.querySelectorAll('tbody tr')];
    const cells = (r: Element) => [...r.querySelectorAll('td')].map((c) => c.textContent);
    expect(cells(rows[0]!).slice(0, 9)).toEqual([
      'trend paper',
      'running',
      '-₹1,234.50',
      '-₹1,234.50',
      '3',
      '2',
      '2026-01-05 09:35:00',
      '2026-01-05 09:36:01',
      'NSE:TCS, NSE:INFY',
    ]);
    expect(cells(rows[0]!)[9]).toBe('2026-01-05 09:20:00');
    expect(rows[0]!.querySelector('td:nth-child(3) span')!.className).toBe('bad');
    expect([...rows[0]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Pause trend',
      'Stop trend',
    ]);
    // No figures yet (nothing traded) and no name: dashes and the id.
    expect(cells(rows[1]!).slice(0, 8)).toEqual([
      'deployment 2 paper',
      'stopped',
      '—',
      '—',
      '0',
      '0',
      '—',
      '—',
    ]);
    expect([...rows[1]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Start deployment 2',
    ]);
  });

  it('offers viewers no actions', () => {
    render(
      <DeploymentsTable
        deployments={deployments}
        figures={byId}
        selected={undefined}
        operator={false}
        onChanged={() => {}}
      />,
      host,
    );
    expect(host.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(host.querySelectorAll('button')).toHaveLength(0);
  });

  it('asks before stopping a deployment that holds positions', () => {
    render(
      <DeploymentsTable
        deployments={deployments}
        figures={byId}
        selected={1}
        operator
        onChanged={() => {}}
      />,
      host,
    );
    expect(host.querySelector('dialog')).toBeNull();
    [...host.querySelectorAll('button')].find((b) => b.textContent === 'Stop trend')!.click();
    return Promise.resolve().then(() => {
      const dialog = host.querySelector('dialog')!;
      expect(dialog.textContent).toContain('It holds 3 open position(s)');
      expect(dialog.querySelector('h2')!.textContent).toBe('Stop trend?');
    });
  });
});
