export default definePageConfig({
  navigationBarTitleText: '领取停车券',
});
