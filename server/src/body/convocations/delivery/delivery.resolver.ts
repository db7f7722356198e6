import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Access } from '../../../graphql/access.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { DeliveryType } from '../convocation.type.js';

@Resolver(() => DeliveryType)
export class DeliveryResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Secretariat: the printable letter (PDF), a link valid 5 minutes.' })
  @Access('authenticated')
  async letterUrl(@Root() root: DeliveryType, @InBody('prepare', { root: 'bodyId' }) { services }: PersonContext): Promise<string | null> {
    if (!root.letterKey) return null;
    return services.documents.storage.createDownloadUrl(root.letterKey, {
      expiresInSeconds: 300,
      fileName: `convocation-${root.id}.pdf`,
      contentType: 'application/pdf',
    });
  }
}
