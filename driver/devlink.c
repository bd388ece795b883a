// SPDX-License-Identifier: GPL-2.0
/*
 * devlink: runtime tuning through the ecosystem's interface.
 *
 *   devlink dev param set virtio/virtio1 name rx_page_budget \
 *           value 256 cmode runtime
 *
 * rx_page_budget: how many pages each RX queue may have lent to the stack
 * at once (1 .. 32 ring sizes; default 8 ring sizes).  Over it, frames are
 * dropped and counted as drop_budget.
 */
#include <linux/stringify.h>
#include <net/devlink.h>

#include "compat.h"

enum {
	LAB_DEVLINK_PARAM_RX_PAGE_BUDGET = DEVLINK_PARAM_GENERIC_ID_MAX + 1,
};

static struct lab_priv *lab_devlink_priv(struct devlink *devlink)
{
	return *(struct lab_priv **)devlink_priv(devlink);
}

static int lab_devlink_budget_get(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx)
{
	ctx->val.vu32 = READ_ONCE(lab_devlink_priv(devlink)->rxq[0].budget);
	return 0;
}

/**
 * lab_devlink_budget_set() - set every RX queue's page budget
 * @devlink: the device's devlink instance
 * @id: the parameter id
 * @ctx: the validated new value
 *
 * Context: process context.  Each queue's poll applies the value the next
 * time it runs: the poll stays the only writer of the page ledger.
 *
 * Return: 0.
 */
int lab_devlink_budget_set(struct devlink *devlink, u32 id,
			   struct devlink_param_gset_ctx *ctx)
{
	struct lab_priv *priv = lab_devlink_priv(devlink);
	unsigned int i;

	for (i = 0; i < priv->nqueues; i++)
		WRITE_ONCE(priv->rxq[i].budget, ctx->val.vu32);
	return 0;
}

static int lab_devlink_budget_validate(struct devlink *devlink, u32 id,
				       union devlink_param_value val,
				       struct netlink_ext_ack *extack)
{
	struct lab_priv *priv = lab_devlink_priv(devlink);

	if (val.vu32 < 1 || val.vu32 > priv->rxq[0].pages.lent.cap) {
		NL_SET_ERR_MSG_MOD(extack, "rx_page_budget must be 1 .. "
				   __stringify(LAB_BUDGET_RINGS)
				   " times the RX ring size");
		return -EINVAL;
	}
	return 0;
}

static const struct devlink_param lab_devlink_params[] = {
	DEVLINK_PARAM_DRIVER(LAB_DEVLINK_PARAM_RX_PAGE_BUDGET, "rx_page_budget",
			     DEVLINK_PARAM_TYPE_U32,
			     BIT(DEVLINK_PARAM_CMODE_RUNTIME),
			     lab_devlink_budget_get,
			     lab_devlink_budget_set_compat,
			     lab_devlink_budget_validate),
};

static const struct devlink_ops lab_devlink_ops = {};

/**
 * lab_devlink_register() - create the device's devlink instance and params
 * @priv: the device, with its queues initialised
 *
 * Context: process context (probe).
 *
 * Return: 0 or a negative errno.
 */
int lab_devlink_register(struct lab_priv *priv)
{
	struct devlink *devlink;
	int err;

	devlink = devlink_alloc(&lab_devlink_ops, sizeof(priv), &priv->vdev->dev);
	if (!devlink)
		return -ENOMEM;
	*(struct lab_priv **)devlink_priv(devlink) = priv;
	err = devlink_params_register(devlink, lab_devlink_params,
				      ARRAY_SIZE(lab_devlink_params));
	if (err)
		goto err_free_devlink;
	devlink_register(devlink);
	priv->devlink = devlink;
	return 0;

err_free_devlink:
	devlink_free(devlink);
	return err;
}

/**
 * lab_devlink_unregister() - undo lab_devlink_register()
 * @priv: the device
 *
 * Context: process context (remove or failed probe).
 */
void lab_devlink_unregister(struct lab_priv *priv)
{
	devlink_unregister(priv->devlink);
	devlink_params_unregister(priv->devlink, lab_devlink_params,
				  ARRAY_SIZE(lab_devlink_params));
	devlink_free(priv->devlink);
}
