# Sourced by dev.sh: the sandboxes send their signed webhooks and their hosted pages' browsers to the sample app,
# wherever SAMPLE_PORT puts it, signed with the app's default secret. A value the developer set wins.
sample="http://127.0.0.1:${SAMPLE_PORT:-3000}"
export PAYKIT_MOCK_WEBHOOK_URL="${PAYKIT_MOCK_WEBHOOK_URL:-$sample/webhooks/1099policy}"
export PAYKIT_MOCK_WEBHOOK_SECRET="${PAYKIT_MOCK_WEBHOOK_SECRET:-${TEN99POLICY_WEBHOOK_SECRET:-whsec_dev_secret_for_the_local_mock}}"
export PAYKIT_MOCK_REDIRECT_ORIGIN="${PAYKIT_MOCK_REDIRECT_ORIGIN:-$sample}"
