import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import type {
  ContractFieldsFragment,
  ContractsQuery as ContractsData,
  SharingRule,
  SupportSharing,
} from '../graphql/generated/coordination/graphql.ts';
import { messages } from './messages.ts';
import { submitWith } from '../ui/api-failure.ts';
import { formatAmount, formatCalendarDate } from '../ui/format.ts';
import { today as todayIn } from '../ui/calendar.ts';
import { FormButtons } from '../ui/FormButtons.tsx';
import { FormSection } from '../ui/FormSection.tsx';
import { useFieldErrors } from '../ui/form-errors.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { StatusLine } from '../ui/StatusLine.tsx';
import { centsToEuroField, groupementTimeZone, parseEuros } from './money.ts';
import { ContractsQuery, CreateContractMutation, UpdateContractMutation } from './operations.ts';

const m = messages.coordination.contract;
const rules: SharingRule[] = ['EQUAL', 'WEIGHTED'];
const prices = ['seatPrice', 'devicePrice', 'setupPrice'] as const;
const supportSharings: SupportSharing[] = ['PER_BODY', 'SHARED'];

type Bodies = ContractsData['bodies'];
type PriceField = (typeof prices)[number] | 'supportPrice';
interface ContractDraft {
  reference: string;
  holderBodyId: string;
  supplier: string;
  startsOn: string;
  endsOn: string;
  seatPrice: string;
  devicePrice: string;
  setupPrice: string;
  sharingRule: SharingRule;
  weights: Record<string, string>;
  supplierSiret: string;
  supplierVatNumber: string;
  supplierAddress: string;
  prorateByDay: boolean;
  billStaffSeats: boolean;
  supportPrice: string;
  supportSharing: SupportSharing;
}

function draftOf(contract: ContractFieldsFragment | null, bodies: Bodies): ContractDraft {
  const weights = Object.fromEntries(
    bodies.map((body) => [body.id, String(contract?.weights.find((weight) => weight.bodyId === body.id)?.weight ?? 1)]),
  );
  if (!contract) {
    return {
      reference: '',
      holderBodyId: bodies[0]?.id ?? '',
      supplier: '',
      startsOn: '',
      endsOn: '',
      seatPrice: '',
      devicePrice: '',
      setupPrice: '',
      sharingRule: 'EQUAL',
      weights,
      supplierSiret: '',
      supplierVatNumber: '',
      supplierAddress: '',
      prorateByDay: true,
      billStaffSeats: false,
      supportPrice: '',
      supportSharing: 'PER_BODY',
    };
  }
  return {
    reference: contract.reference,
    holderBodyId: contract.holderBody.id,
    supplier: contract.supplier,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    seatPrice: centsToEuroField(contract.seatPriceCents),
    devicePrice: centsToEuroField(contract.devicePriceCents),
    setupPrice: centsToEuroField(contract.setupPriceCents),
    sharingRule: contract.sharingRule,
    weights,
    supplierSiret: contract.supplierSiret ?? '',
    supplierVatNumber: contract.supplierVatNumber ?? '',
    supplierAddress: contract.supplierAddress ?? '',
    prorateByDay: contract.prorateByDay,
    billStaffSeats: contract.billStaffSeats,
    supportPrice:
      contract.supportPriceCents === null || contract.supportPriceCents === undefined ? '' : centsToEuroField(contract.supportPriceCents),
    supportSharing: contract.supportSharing,
  };
}

/** Whether a contract covers today (dates without time: compared as `YYYY-MM-DD` strings). */
function inForce(contract: ContractFieldsFragment, today: string): boolean {
  return contract.startsOn <= today && today <= contract.endsOn;
}

/** The contracts of the groupement (the one in force first marked), and the form that creates or changes one. */
export function ContractPage() {
  const { data, error, refetch } = useQuery(ContractsQuery, { fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<{ contract: ContractFieldsFragment | null; draft: ContractDraft } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  const today = todayIn(groupementTimeZone);
  const open = (contract: ContractFieldsFragment | null) => setEditing({ contract, draft: draftOf(contract, data.bodies) });

  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      <StatusLine text={announcement} />
      {editing ? (
        <ContractForm
          contract={editing.contract}
          initial={editing.draft}
          bodies={data.bodies}
          onDone={(message) => {
            setEditing(null);
            setAnnouncement(message);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <Button iconId="fr-icon-add-line" className="fr-mb-3w" onClick={() => open(null)}>
          {m.create}
        </Button>
      )}
      {data.contracts.length === 0 && <p>{m.none}</p>}
      {data.contracts.map((contract) => (
        <section key={contract.id} aria-labelledby={`contract-${contract.id}`} className="fr-mb-4w">
          <h2 id={`contract-${contract.id}`} className="fr-h4">
            {contract.reference}{' '}
            {inForce(contract, today) && (
              <Badge small severity="success" noIcon>
                {m.inForce}
              </Badge>
            )}
          </h2>
          <dl className="cartable-terms">
            <dt>{m.holder}</dt>
            <dd>{contract.holderBody.name}</dd>
            <dt>{m.supplier}</dt>
            <dd>{contract.supplier}</dd>
            <dt>{m.period}</dt>
            <dd>{m.periodText(formatCalendarDate(contract.startsOn), formatCalendarDate(contract.endsOn))}</dd>
            <dt>{m.seatPrice}</dt>
            <dd>{formatAmount(contract.seatPriceCents)}</dd>
            <dt>{m.devicePrice}</dt>
            <dd>{formatAmount(contract.devicePriceCents)}</dd>
            <dt>{m.setupPrice}</dt>
            <dd>{formatAmount(contract.setupPriceCents)}</dd>
            <dt>{m.supportPrice}</dt>
            <dd>
              {contract.supportPriceCents
                ? m.supportText(formatAmount(contract.supportPriceCents), m.supportSharingLabel[contract.supportSharing])
                : m.noSupport}
            </dd>
            <dt>{m.rule}</dt>
            <dd>
              {m.ruleLabel[contract.sharingRule]}
              {contract.sharingRule === 'WEIGHTED' &&
                ` : ${data.bodies.map((body) => `${body.name} ${contract.weights.find((weight) => weight.bodyId === body.id)?.weight ?? 1}`).join(', ')}`}
            </dd>
          </dl>
          {!editing && (
            <Button size="small" priority="secondary" aria-label={m.editLabel(contract.reference)} onClick={() => open(contract)}>
              {m.edit}
            </Button>
          )}
        </section>
      ))}
    </>
  );
}

/** One value among a few, each with its label and hint, as horizontal radio buttons. */
function Choice<T extends string>({
  legend,
  values,
  labels,
  hints,
  value,
  onChange,
}: {
  legend: string;
  values: T[];
  labels: Record<T, string>;
  hints: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <RadioButtons
      legend={legend}
      orientation="horizontal"
      options={values.map((option) => ({
        label: labels[option],
        hintText: hints[option],
        nativeInputProps: { checked: value === option, onChange: () => onChange(option) },
      }))}
    />
  );
}

function ContractForm({
  contract,
  initial,
  bodies,
  onDone,
  onCancel,
}: {
  contract: ContractFieldsFragment | null;
  initial: ContractDraft;
  bodies: Bodies;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [formError, setFormError] = useState('');
  const [priceError, setPriceError] = useState<{ field: PriceField; message: string } | null>(null);
  const fields = useFieldErrors();
  const [create, created] = useMutation(CreateContractMutation, { refetchQueries: [ContractsQuery] });
  const [update, updated] = useMutation(UpdateContractMutation, { refetchQueries: [ContractsQuery] });
  const failure = created.error ?? updated.error;
  const text = (
    name: 'reference' | 'supplier' | 'startsOn' | 'endsOn' | 'supplierSiret' | 'supplierVatNumber' | 'supplierAddress' | PriceField,
  ) => ({
    name,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => {
      setDraft({ ...draft, [name]: event.target.value });
      if (priceError?.field === name) setPriceError(null);
    },
  });
  /** A field's inline error, in the design system's error state: the browser's check, or the price refused. */
  const state = (field: Parameters<typeof text>[0]) =>
    priceError?.field === field ? { state: 'error' as const, stateRelatedMessage: priceError.message } : fields.field(field);

  const submit = submitWith(async () => {
    const cents = prices.map((price) => parseEuros(draft[price]));
    const supportPriceCents = draft.supportPrice.trim() ? parseEuros(draft.supportPrice) : null;
    const wrongPrice =
      prices.find((_, index) => cents[index] === null) ??
      (draft.supportPrice.trim() && supportPriceCents === null ? 'supportPrice' : undefined);
    if (wrongPrice) return setPriceError({ field: wrongPrice, message: m.badPrice(m[wrongPrice]) });
    setPriceError(null);
    const weights = bodies.map((body) => ({ bodyId: body.id, weight: Number(draft.weights[body.id]) }));
    if (draft.sharingRule === 'WEIGHTED' && weights.some((weight) => !Number.isInteger(weight.weight) || weight.weight < 1))
      return setFormError(m.badWeight);
    setFormError('');
    const input = {
      reference: draft.reference.trim(),
      holderBodyId: draft.holderBodyId,
      supplier: draft.supplier.trim(),
      startsOn: draft.startsOn,
      endsOn: draft.endsOn,
      seatPriceCents: cents[0]!,
      devicePriceCents: cents[1]!,
      setupPriceCents: cents[2]!,
      sharingRule: draft.sharingRule,
      weights: draft.sharingRule === 'WEIGHTED' ? weights : [],
      supplierSiret: draft.supplierSiret.replace(/\s/g, '') || null,
      supplierVatNumber: draft.supplierVatNumber.trim() || null,
      supplierAddress: draft.supplierAddress.trim() || null,
      prorateByDay: draft.prorateByDay,
      billStaffSeats: draft.billStaffSeats,
      supportPriceCents,
      supportSharing: draft.supportSharing,
    };
    if (contract) {
      await update({ variables: { contractId: contract.id, input } });
      onDone(m.saved(input.reference));
    } else {
      await create({ variables: { input } });
      onDone(m.created(input.reference));
    }
  });

  return (
    <FormSection title={contract ? m.editTitle(contract.reference) : m.createTitle} fields={fields} onSubmit={submit}>
      <Input label={m.reference} {...state('reference')} nativeInputProps={{ ...text('reference'), required: true }} />
      <Select
        label={m.holder}
        {...fields.field('holderBodyId')}
        nativeSelectProps={{
          name: 'holderBodyId',
          value: draft.holderBodyId,
          onChange: (event) => setDraft({ ...draft, holderBodyId: event.target.value }),
          required: true,
        }}
      >
        {bodies.map((body) => (
          <option key={body.id} value={body.id}>
            {body.name}
          </option>
        ))}
      </Select>
      <Input label={m.supplier} {...state('supplier')} nativeInputProps={{ ...text('supplier'), required: true }} />
      <div className="cartable-inline-fields">
        <Input
          label={m.supplierSiret}
          hintText={m.supplierSiretHint}
          nativeInputProps={{ ...text('supplierSiret'), inputMode: 'numeric' }}
        />
        <Input label={m.supplierVatNumber} nativeInputProps={text('supplierVatNumber')} />
      </div>
      <Input label={m.supplierAddress} nativeInputProps={text('supplierAddress')} />
      <div className="cartable-inline-fields">
        <Input label={m.startsOn} {...state('startsOn')} nativeInputProps={{ ...text('startsOn'), type: 'date', required: true }} />
        <Input label={m.endsOn} {...state('endsOn')} nativeInputProps={{ ...text('endsOn'), type: 'date', required: true }} />
      </div>
      <div className="cartable-inline-fields">
        {prices.map((price) => (
          <Input
            key={price}
            label={m[price]}
            hintText={m.euroHint}
            {...state(price)}
            nativeInputProps={{ ...text(price), inputMode: 'decimal', required: true }}
          />
        ))}
      </div>
      <Choice
        legend={m.rule}
        values={rules}
        labels={m.ruleLabel}
        hints={m.ruleHint}
        value={draft.sharingRule}
        onChange={(sharingRule) => setDraft({ ...draft, sharingRule })}
      />
      {draft.sharingRule === 'WEIGHTED' && (
        <fieldset className="cartable-fieldset">
          <legend>{m.weights}</legend>
          <div className="cartable-inline-fields">
            {bodies.map((body) => (
              <Input
                key={body.id}
                label={m.weight(body.name)}
                nativeInputProps={{
                  type: 'number',
                  min: 1,
                  step: 1,
                  value: draft.weights[body.id] ?? '1',
                  onChange: (event) => setDraft({ ...draft, weights: { ...draft.weights, [body.id]: event.target.value } }),
                }}
              />
            ))}
          </div>
        </fieldset>
      )}
      <Input
        label={m.supportPrice}
        hintText={m.supportPriceHint}
        {...state('supportPrice')}
        nativeInputProps={{ ...text('supportPrice'), inputMode: 'decimal' }}
      />
      <Choice
        legend={m.supportSharing}
        values={supportSharings}
        labels={m.supportSharingLabel}
        hints={m.supportSharingHint}
        value={draft.supportSharing}
        onChange={(supportSharing) => setDraft({ ...draft, supportSharing })}
      />
      <Checkbox
        legend={m.billingRules}
        options={[
          {
            label: m.prorateByDay,
            nativeInputProps: {
              checked: draft.prorateByDay,
              onChange: (event) => setDraft({ ...draft, prorateByDay: event.target.checked }),
            },
          },
          {
            label: m.billStaffSeats,
            nativeInputProps: {
              checked: draft.billStaffSeats,
              onChange: (event) => setDraft({ ...draft, billStaffSeats: event.target.checked }),
            },
          },
        ]}
      />
      <div aria-live="polite" className="cartable-form-feedback">
        {formError && <Alert severity="error" small description={formError} className="fr-mb-2w" />}
        {failure && <GraphqlError error={failure} />}
      </div>
      <FormButtons busy={created.loading || updated.loading} save={m.save} onCancel={onCancel} />
    </FormSection>
  );
}
