import { useMutation } from '@apollo/client/react';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useState, type FormEvent } from 'react';
import type { DeliveryChannel, FollowUpRowFieldsFragment } from '../../graphql/generated/secretariat/graphql.ts';
import { messages } from '../messages.ts';
import { GraphqlError } from '../../ui/GraphqlError.tsx';
import { succeeded } from '../../ui/api-failure.ts';
import { FormButtons } from '../../ui/FormButtons.tsx';
import { ResendConvocationMutation } from '../operations.ts';

const m = messages.secretariat.followUp;
const channelName = (channel: DeliveryChannel) => messages.secretariat.convening.channel[channel];

/**
 * The confirmation of a resend to one official: the channels and addresses of today it will use (all
 * ticked; some may be left out), then `resendConvocation`. The server says why it refuses.
 */
export function ResendForm({
  bodyId,
  meetingId,
  official,
  onDone,
  onCancel,
}: {
  bodyId: string;
  meetingId: string;
  official: Pick<FollowUpRowFieldsFragment, 'personId' | 'displayName' | 'currentChannels'>;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState<DeliveryChannel[]>(() => official.currentChannels.map((reach) => reach.channel));
  const [resend, resending] = useMutation(ResendConvocationMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await succeeded(() => resend({ variables: { bodyId, meetingId, personId: official.personId, channels: chosen } })))) return;
    const channels = official.currentChannels
      .filter((reach) => chosen.includes(reach.channel))
      .map((reach) => m.resendChannel(channelName(reach.channel), reach.address));
    onDone(m.resent(official.displayName, channels.join(', ')));
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="cartable-console-form" aria-labelledby="resend-heading">
      <h3 id="resend-heading" className="fr-h5">
        {m.resendTitle(official.displayName)}
      </h3>
      <p className="fr-text--sm">{m.resendIntro}</p>
      <Checkbox
        legend={m.resendChannels}
        options={official.currentChannels.map((reach) => ({
          label: m.resendChannel(channelName(reach.channel), reach.address),
          nativeInputProps: {
            checked: chosen.includes(reach.channel),
            onChange: (event) =>
              setChosen(event.target.checked ? [...chosen, reach.channel] : chosen.filter((channel) => channel !== reach.channel)),
          },
        }))}
      />
      {resending.error && <GraphqlError error={resending.error} />}
      <FormButtons busy={resending.loading} save={m.confirmResend} onCancel={onCancel} />
    </form>
  );
}
